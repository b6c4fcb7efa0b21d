/**
 * The waiting room of a group commit. Items that arrive while a batch is in flight wait and go
 * together in the next one, in arrival order, as many as `fits` lets join (the first always goes);
 * one batch at a time, so writers of one organisation in this process never race each other.
 */
export class GroupCommitQueue<T> {
  private readonly waiting: T[] = [];
  private running = false;

  constructor(
    private readonly fits: (group: readonly T[], next: T) => boolean,
    private readonly commit: (group: T[]) => Promise<void>,
  ) {}

  push(item: T): void {
    this.waiting.push(item);
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.commit(this.take());
    } finally {
      this.running = false;
    }
  }

  private take(): T[] {
    const group: T[] = [];
    while (this.waiting.length > 0 && (group.length === 0 || this.fits(group, this.waiting[0]!)))
      group.push(this.waiting.shift()!);
    return group;
  }
}

/** The lane of one organisation in one store (a container) in this process, opened on first use. */
export function laneFor<L>(lanes: WeakMap<object, Map<string, L>>, store: object, tenantId: string, open: () => L): L {
  let byTenant = lanes.get(store);
  if (!byTenant) lanes.set(store, (byTenant = new Map<string, L>()));
  let lane = byTenant.get(tenantId);
  if (!lane) byTenant.set(tenantId, (lane = open()));
  return lane;
}
