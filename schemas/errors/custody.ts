/** Error codes of the custody rules (SPEC sections 3 and 4). Filled by the custody model. */
export const custodyErrors = {
  invalid_event: { status: 400, title: 'Event does not match its schema' },
} as const;
