// Save a BPMN file the way the bpmn-js Modeler (bpmn.io, Camunda Modeler) saves it: read it with
// bpmn-moddle, write it back. What bpmn-moddle does not understand is lost here exactly as it would be in the
// Modeler, so the round-tripped copy shows what a process owner's save would do to the file.
//
// Usage: node scripts/bpmn_roundtrip.mjs IN.bpmn OUT.bpmn
// Prints one line per import warning to stdout as JSON ({"file", "warnings": [...]}) and exits 0;
// exits 1 when the file cannot be read at all. Needs `make assets` (node_modules/bpmn-moddle).
//
// The spiffworkflow:* extension elements and attributes need no descriptor: bpmn-moddle keeps namespaced
// elements it does not know as generic elements ($children/$attrs) and writes them back unchanged, which
// tests/processes/test_bpmn_roundtrip.py proves by comparing the engine's content hash before and after.

import { readFile, writeFile } from 'node:fs/promises';
import { BpmnModdle } from 'bpmn-moddle';

async function roundTrip(source, target) {
  const moddle = new BpmnModdle();
  const xml = await readFile(source, 'utf8');
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const { xml: saved } = await moddle.toXML(rootElement, { format: true });
  await writeFile(target, saved, 'utf8');
  return warnings.map((warning) => warning.message);
}

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  console.error('usage: node scripts/bpmn_roundtrip.mjs IN.bpmn OUT.bpmn');
  process.exit(2);
}
try {
  const warnings = await roundTrip(source, target);
  console.log(JSON.stringify({ file: source, warnings }));
} catch (error) {
  console.error(`${source}: ${error.message}`);
  process.exit(1);
}
