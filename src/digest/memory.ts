/** Where clustering's flat arrays live: plain memory, or shared memory pair workers read without a copy. */
export type Alloc = (bytes: number) => ArrayBufferLike;

export const plainMemory: Alloc = (bytes) => new ArrayBuffer(bytes);
export const sharedMemory: Alloc = (bytes) => new SharedArrayBuffer(bytes);
