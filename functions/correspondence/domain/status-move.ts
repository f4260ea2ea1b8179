/** What every channel's item carries about its status. */
export interface WithStatus<S extends string> {
  readonly correspondenceId: string;
  readonly status: S;
  readonly statusHistory: readonly { readonly status: S; readonly at: string; readonly by: string; readonly reason?: string }[];
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly version: number;
}

/**
 * A channel's status move: only a transition its table allows (assert throws otherwise), with the status
 * history, who and when, and the next version.
 */
export const statusMove =
  <S extends string, T extends WithStatus<S>>(assert: (from: S, to: S, id: string) => void) =>
  (item: T, status: S, actor: { id: string }, now: Date, extra: Partial<T> = {}, reason?: string): T => {
    assert(item.status, status, item.correspondenceId);
    return {
      ...item,
      ...extra,
      status,
      statusHistory: [...item.statusHistory, { status, at: now.toISOString(), by: actor.id, ...(reason ? { reason } : {}) }],
      updatedBy: actor.id,
      updatedAt: now.toISOString(),
      version: item.version + 1,
    };
  };
