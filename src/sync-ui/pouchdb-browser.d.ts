// The IndexedDB adapter of PouchDB ships no types; the other PouchDB modules are declared in
// tests/sync/pouchdb-modules.d.ts (part of the same TypeScript project).
declare module 'pouchdb-adapter-indexeddb' {
  const plugin: unknown;
  export default plugin;
}
