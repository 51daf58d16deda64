import type { Component } from "../../hardware/component.js";
import type { Disk } from "../../hardware/disk.js";
import type { Network } from "../../hardware/network.js";

/** One block of processes' images: `bytes` between a node and the disk that holds them. */
export interface ImagePart {
  readonly node: Component;
  readonly disk: Disk;
  readonly bytes: number;
}

export interface ImageIoHandlers {
  /** Every part is written (or read) at `now`. */
  done(now: number): void;
  /** A part failed at `now` (a disk down, a transfer broken); the others were cancelled. */
  failed(now: number, reason: string): void;
}

/** A group of image writes or reads in progress. */
export interface ImageIoHandle {
  /** Stops every part; no handler is called. */
  cancel(): void;
}

/**
 * Moves checkpoint images between nodes and the storage disks: the parts on
 * a disk are one disk operation (foreground class, at the disk's bandwidth)
 * and, when the storage is reached over a network, each part is also a bulk
 * transfer between its node and the disk's network node (max-min shared with
 * the other transfers). The two run together, as a streaming pipeline does:
 * a part is done when both are, so it takes the longer of the two (the fill
 * latency of the pipeline is left out).
 */
export function moveImages(
  direction: "write" | "read",
  parts: readonly ImagePart[],
  network: Network | undefined,
  handlers: ImageIoHandlers,
): ImageIoHandle {
  const cancels: (() => void)[] = [];
  let pending = 0;
  let over = false;
  const cancel = () => {
    over = true;
    for (const c of cancels) c();
  };
  const finished = (now: number) => {
    if (over) return;
    if (--pending === 0) {
      over = true;
      handlers.done(now);
    }
  };
  const failed = (now: number, reason: string) => {
    if (over) return;
    cancel();
    handlers.failed(now, reason);
  };
  // One operation per disk for all its parts: they would start together and share it equally, so end together.
  const perDisk = new Map<Disk, number>();
  for (const part of parts) perDisk.set(part.disk, (perDisk.get(part.disk) ?? 0) + part.bytes);
  for (const [disk, bytes] of perDisk) {
    pending++;
    const io = { done: (now: number) => finished(now), failed: (now: number, reason: string) => failed(now, `${disk.id} ${reason}`) };
    const op = direction === "write" ? disk.write({ bytes }, "foreground", io) : disk.read({ bytes }, "foreground", io);
    cancels.push(() => op.cancel());
  }
  if (network !== undefined) {
    for (const part of parts) {
      pending++;
      const a = network.nodeFor(part.node)!;
      const b = network.nodeFor(part.disk)!;
      const [from, to] = direction === "write" ? [a, b] : [b, a];
      const t = network.transfer(from, to, part.bytes, { done: finished, failed: (now, reason) => failed(now, `transfer ${reason}`) });
      cancels.push(() => t.cancel());
    }
  }
  if (pending === 0) throw new Error("moveImages: no parts");
  return { cancel };
}
