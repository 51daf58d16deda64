/**
 * A command action that loads its module only when the command runs: the
 * command definitions (options, help) load at every start-up, while a
 * command's code, with what it imports (the scenario schema, the simulator,
 * the renderers), loads for that command alone.
 */
export function lazyAction<A extends unknown[]>(load: () => Promise<(...args: A) => void | Promise<void>>): (...args: A) => Promise<void> {
  return async (...args) => {
    const action = await load();
    await action(...args);
  };
}
