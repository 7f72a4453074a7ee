export function Workspace() { return <h2 tabIndex={-1}>Participant workspace</h2>; }
