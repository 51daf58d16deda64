/**
 * Nesting depth and alias expansion of a parsed YAML document, measured
 * without recursion (so a hostile file cannot overflow the stack here) and
 * without expanding anything (an alias counts its anchor's memoized size), so
 * a "billion laughs" file costs the time of its text, not of its expansion.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";

/** Why a document is refused: the node to report at and the message. */
export interface YamlLimitProblem {
  node: Node;
  message: string;
}

interface Frame {
  node: Node;
  children: Node[];
  next: number;
  depth: number;
  /** Expanded nodes below and including this one. */
  size: number;
  /** Expanded height: 1 for a scalar. */
  height: number;
}

function childrenOf(node: Node): Node[] {
  if (isMap(node)) {
    const out: Node[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      if (item.key !== null && typeof item.key === "object") out.push(item.key as Node);
      if (item.value !== null && typeof item.value === "object") out.push(item.value as Node);
    }
    return out;
  }
  if (isSeq(node)) return node.items.filter((i): i is Node => i !== null && typeof i === "object");
  return [];
}

/**
 * The first limit the document breaks, if any: nesting deeper than
 * `maxDepth` (aliases expanded), or more than `maxNodes` nodes once aliases
 * are expanded (reported at the alias that crosses the budget).
 */
export function checkYamlLimits(doc: Document, maxDepth: number, maxNodes: number): YamlLimitProblem | undefined {
  const root = doc.contents as Node | null;
  if (root === null) return undefined;
  const done = new Map<Node, { size: number; height: number }>();
  let total = 0;
  const stack: Frame[] = [{ node: root, children: childrenOf(root), next: 0, depth: 1, size: 1, height: 1 }];
  total += 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const node = top.children[top.next++]!;
      const depth = top.depth + 1;
      if (isAlias(node)) {
        const target = node.resolve(doc) as Node | undefined;
        const known = target === undefined ? undefined : done.get(target);
        const size = known?.size ?? 1;
        const height = known?.height ?? 1;
        total += size;
        if (top.depth + height > maxDepth) {
          return { node, message: `alias "*${node.source}" nests the document more than ${maxDepth} levels deep; the limit is ${maxDepth} (FTSIM_MAX_DEPTH)` };
        }
        if (total > maxNodes) {
          return {
            node,
            message: `alias "*${node.source}" expands the document past ${maxNodes} nodes, the limit for a file of this size (FTSIM_MAX_ALIAS_NODES); an alias repeated this often looks like an attack ("billion laughs")`,
          };
        }
        top.size += size;
        top.height = Math.max(top.height, height + 1);
        continue;
      }
      if (depth > maxDepth) {
        return { node, message: `lists and mappings are nested more than ${maxDepth} levels deep here; the limit is ${maxDepth} (FTSIM_MAX_DEPTH)` };
      }
      total += 1;
      if (isScalar(node)) {
        done.set(node, { size: 1, height: 1 });
        top.size += 1;
        top.height = Math.max(top.height, 2);
        continue;
      }
      stack.push({ node, children: childrenOf(node), next: 0, depth, size: 1, height: 1 });
      continue;
    }
    stack.pop();
    done.set(top.node, { size: top.size, height: top.height });
    const parent = stack[stack.length - 1];
    if (parent !== undefined) {
      parent.size += top.size;
      parent.height = Math.max(parent.height, top.height + 1);
    }
  }
  return undefined;
}
