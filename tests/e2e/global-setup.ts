// The end-to-end tier drives the built UI: build it first when the sources are newer.
export default async function setup() {
  // @ts-expect-error -- plain .mjs helper shared with the npm scripts
  const { ensureBuilt } = await import('../../scripts/lib.mjs');
  ensureBuilt();
}
