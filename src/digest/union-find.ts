/** Union-find over entry indices, for joining candidate pairs into story groups. */

/** Union-find with path halving; unions by smaller index so roots do not depend on call order. */
export function makeUnionFind(n: number) {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    let v = x;
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]!]!;
      v = parent[v]!;
    }
    return v;
  };
  const union = (x: number, y: number): void => {
    const rx = find(x);
    const ry = find(y);
    if (rx < ry) parent[ry] = rx;
    else if (ry < rx) parent[rx] = ry;
  };
  return { find, union };
}

export type UnionFind = ReturnType<typeof makeUnionFind>;
