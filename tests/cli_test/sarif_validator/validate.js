// Validates SARIF logs against the SARIF 2.1.0 JSON schema (draft-04, as OASIS published it).
// Usage: node validate.js SCHEMA LOG...   (ajv-draft-04 and ajv-formats on NODE_PATH)
const fs = require('fs');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');
const [schemaPath, ...logs] = process.argv.slice(2);
// unicodeRegExp: false: one of the schema's patterns has a stray `]` that Unicode-mode regexps refuse.
const ajv = new Ajv({allErrors: true, strict: false, unicodeRegExp: false});
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
let invalid = 0;
for (const log of logs) {
  if (validate(JSON.parse(fs.readFileSync(log, 'utf8')))) continue;
  invalid++;
  console.log(`${log} is not valid SARIF 2.1.0:`);
  for (const e of validate.errors) console.log(`  ${e.instancePath || '/'}: ${e.message} (${e.schemaPath})`);
}
process.exit(invalid ? 1 : 0);
