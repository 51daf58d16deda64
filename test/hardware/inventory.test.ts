import { describe, it, expect } from "vitest";
import { Inventory, ModelReferenceError, resolveNetwork } from "../../src/hardware/inventory.js";

describe("Inventory", () => {
  it("names the members of a group x[0], x[1], ...", () => {
    const inv = new Inventory();
    const members = inv.addGroup("disk", "disk", 3);
    expect(members.map((c) => c.id)).toEqual(["disk[0]", "disk[1]", "disk[2]"]);
    expect(members.every((c) => c.kind === "disk")).toBe(true);
  });

  it("names a single instance after its group, without an index", () => {
    const inv = new Inventory();
    expect(inv.addGroup("lb", "balancer", 1).map((c) => c.id)).toEqual(["lb"]);
  });

  it("lists every component in the order the groups were added", () => {
    const inv = new Inventory();
    inv.addGroup("a", "a", 2);
    inv.addGroup("b", "b", 1);
    expect(inv.components.map((c) => c.id)).toEqual(["a[0]", "a[1]", "b"]);
  });

  it("finds a group by name as all its members", () => {
    const inv = new Inventory();
    const members = inv.addGroup("disk", "disk", 2);
    expect(inv.find("disk")).toEqual(members);
  });

  it("finds one instance by its id", () => {
    const inv = new Inventory();
    const members = inv.addGroup("disk", "disk", 2);
    expect(inv.find("disk[1]")).toEqual([members[1]]);
  });

  it("finds a single-instance group by its name", () => {
    const inv = new Inventory();
    const [lb] = inv.addGroup("lb", "lb", 1);
    expect(inv.find("lb")).toEqual([lb]);
  });

  it("returns undefined for an unknown name", () => {
    const inv = new Inventory();
    inv.addGroup("disk", "disk", 2);
    expect(inv.find("disk[2]")).toBeUndefined();
    expect(inv.find("dsk")).toBeUndefined();
  });

  it("lists group names and instance ids once each", () => {
    const inv = new Inventory();
    inv.addGroup("disk", "disk", 2);
    inv.addGroup("lb", "lb", 1);
    expect(inv.names.sort()).toEqual(["disk", "disk[0]", "disk[1]", "lb"]);
  });

  it("rejects a second group with the same name", () => {
    const inv = new Inventory();
    inv.addGroup("disk", "disk", 2);
    expect(() => inv.addGroup("disk", "ssd", 1)).toThrow(ModelReferenceError);
    expect(() => inv.addGroup("disk", "ssd", 1)).toThrow(/duplicate component name "disk"/);
  });
});

describe("Inventory.resolve", () => {
  const inv = new Inventory();
  inv.addGroup("host", "host", 2);
  inv.addGroup("disk", "disk", 3);
  inv.addGroup("spare", "disk", 1);

  it("resolves a group, an instance and every component of a kind", () => {
    expect(inv.resolve("host", []).map((c) => c.id)).toEqual(["host[0]", "host[1]"]);
    expect(inv.resolve("disk[2]", []).map((c) => c.id)).toEqual(["disk[2]"]);
    expect(inv.resolve("kind:disk", []).map((c) => c.id)).toEqual(["disk[0]", "disk[1]", "disk[2]", "spare"]);
  });

  it("throws at the given path with a did-you-mean, for names and for kinds", () => {
    let error: unknown;
    try {
      inv.resolve("hots", ["units", 1]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelReferenceError);
    expect((error as ModelReferenceError).path).toEqual(["units", 1]);
    expect((error as ModelReferenceError).message).toBe('no component named "hots"; did you mean "host"?');
    expect(() => inv.resolve("kind:dsk", [])).toThrow('no component of kind "dsk"; did you mean "kind:disk"?');
    expect(() => inv.resolve("zzzzzz", [])).toThrow(/known names: host, disk, spare, host\[0\]/);
  });
});

describe("resolveNetwork", () => {
  const networks = new Map([
    ["lan", "the lan"],
    ["fabric", "the fabric"],
  ]);

  it("finds a network by name", () => {
    expect(resolveNetwork(networks, "fabric", ["x"])).toBe("the fabric");
  });

  it("suggests a near name, else lists the networks, else says how to make one; at the path given", () => {
    const error = (names: ReadonlyMap<string, string>, name: string) => {
      try {
        resolveNetwork(names, name, ["mechanisms", 0, "network"]);
      } catch (e) {
        expect(e).toBeInstanceOf(ModelReferenceError);
        expect((e as ModelReferenceError).path).toEqual(["mechanisms", 0, "network"]);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(error(networks, "fabirc")).toBe('no network named "fabirc"; did you mean "fabric"?');
    expect(error(networks, "storage")).toBe('no network named "storage"; the networks are lan, fabric');
    expect(error(new Map(), "lan")).toMatch(/^no network named "lan"; the scenario has no network: join the components with links/);
  });
});
