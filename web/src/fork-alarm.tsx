import { checkpointState } from './log-watch.js';
import { useStore } from './store.js';

/**
 * The loud warning: the log showed this browser a checkpoint that does not extend the one it
 * verified before. Shown above every view, with both signed checkpoints as evidence.
 */
export function ForkAlarm() {
  const { watch } = useStore(checkpointState);
  if (!watch || (watch.kind !== 'fork' && watch.kind !== 'rollback')) return null;
  return (
        <div class="alarm fork" role="alert" data-testid="fork-alarm">
          <h4>{watch.kind === 'fork' ? 'FORK DETECTED' : 'ROLLBACK DETECTED'}: this log has shown this browser two different histories</h4>
          <p>{watch.message}</p>
          <p>
            Keep both checkpoints below: together they are signed evidence that the log went back on what it said. Report them to the
            log's operator and to your auditor. Do not rely on figures from this server until it is explained.
          </p>
          {watch.previous ? (
            <>
              <p>The checkpoint this browser verified before:</p>
              <pre>{watch.previous.checkpoint}</pre>
            </>
          ) : null}
          <p>The checkpoint presented now:</p>
          <pre>{watch.presented}</pre>
        </div>
      );
}
