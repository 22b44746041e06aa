// Checks an entopic output directory with DuckDB; run by check-output.sh.
// Usage: node check-output.mjs OUTDIR CONTRACT.json [QUERIES.sql]
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';

const [out, contractPath, queriesPath] = process.argv.slice(2);
const contract = JSON.parse(readFileSync(contractPath, 'utf8')).tables;
const manifest = JSON.parse(readFileSync(`${out}/manifest.json`, 'utf8'));
// The tables of entopic topics count their rows in topic_model.json.
const topicModel = existsSync(`${out}/topic_model.json`)
  ? JSON.parse(readFileSync(`${out}/topic_model.json`, 'utf8')) : { rows: {} };
const rowsOf = (t) => (t in topicModel.rows ? topicModel.rows[t] : manifest.rows[t]);

// How DuckDB names the contract's Parquet logical types.
const duckType = {
  'STRING': 'VARCHAR', 'INT32': 'INTEGER', 'INT64': 'BIGINT', 'FLOAT': 'FLOAT', 'DOUBLE': 'DOUBLE',
  'BOOLEAN': 'BOOLEAN', 'DATE': 'DATE', 'TIMESTAMP': 'TIMESTAMP WITH TIME ZONE', 'LIST<STRING>': 'VARCHAR[]',
};

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const rows = async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJson();
const scalar = async (sql) => Object.values((await rows(sql))[0])[0];
const esc = (s) => s.replaceAll("'", "''");

const failures = [];
const fail = (msg) => { failures.push(msg); console.error(`FAIL ${msg}`); };
const pass = (msg) => console.error(`ok   ${msg}`);

// tokens (run --tokens) and the tables of entopic topics are there only when asked for.
const optional = ['tokens', 'topic_terms', 'document_topics'];
const tables = Object.keys(contract).filter((t) => !optional.includes(t) || existsSync(`${out}/${t}`));
for (const t of tables) {
  const src = `read_parquet('${esc(out)}/${t}/*.parquet')`;
  await con.run(`CREATE VIEW ${t} AS SELECT * FROM ${src}`);
  const cols = await rows(`DESCRIBE SELECT * FROM ${t}`);
  const got = cols.map((c) => `${c.column_name} ${c.column_type}`).join(', ');
  const want = contract[t].map(([name, type]) => `${name} ${duckType[type]}`).join(', ');
  if (got !== want) fail(`${t}: columns\n  got  ${got}\n  want ${want}`);
  else pass(`${t}: ${contract[t].length} columns with the contract's types`);

  const n = Number(await scalar(`SELECT count(*) FROM ${t}`));
  if (n !== rowsOf(t)) fail(`${t}: ${n} rows, the manifest says ${rowsOf(t)}`);
  else pass(`${t}: ${n} rows, as the manifest says`);
}

const docs = Number(await scalar('SELECT count(*) FROM documents'));
const errs = Number(await scalar('SELECT count(*) FROM errors'));
if (manifest.counts.inputs_seen !== docs + errs) fail(`inputs seen ${manifest.counts.inputs_seen} ≠ ${docs} documents + ${errs} errors`);
else pass(`every input is a document or an error: ${manifest.counts.inputs_seen} = ${docs} + ${errs}`);

const dupes = Number(await scalar('SELECT count(*) - count(DISTINCT doc_id) FROM documents'));
if (dupes !== 0) fail(`documents: ${dupes} repeated doc_id`);

for (const t of tables.filter((t) => !['documents', 'errors'].includes(t) && contract[t].some(([c]) => c === 'doc_id'))) {
  const orphans = Number(await scalar(`SELECT count(*) FROM ${t} WHERE doc_id NOT IN (SELECT doc_id FROM documents)`));
  if (orphans) fail(`${t}: ${orphans} rows whose doc_id is not in documents`);
  else pass(`${t}: every doc_id is in documents`);
}

// Mentions slice the field they name (the text, or the title); tokens the text.
for (const [t, col, field] of [['mentions', 'text', `CASE x.field WHEN 'title' THEN d.title WHEN 'text' THEN d.text END`],
  ['tokens', 'token', 'd.text']].filter(([t]) => tables.includes(t))) {
  const bad = await rows(`SELECT x.doc_id, x.start, x."end", x.${col} AS text,
      substr(${field}, x.start + 1, x."end" - x.start) AS slice
    FROM ${t} x JOIN documents d USING (doc_id)
    WHERE substr(${field}, x.start + 1, x."end" - x.start) IS DISTINCT FROM x.${col} LIMIT 5`);
  if (bad.length) fail(`${t}: offsets do not slice their field: ${JSON.stringify(bad)}`);
  else pass(`${t}: substr(${t === 'mentions' ? 'text or title (field)' : 'text'}, start+1, end-start) = ${col} for every row`);
}
if (tables.includes('mentions')) {
  const titled = Number(await scalar(`SELECT count(*) FROM mentions WHERE field = 'title'`));
  pass(`mentions: ${titled} in titles`);
}

// The analyst's queries of examples/queries.sql: each runs and returns rows.
if (queriesPath && existsSync(queriesPath)) {
  const statements = readFileSync(queriesPath, 'utf8')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').trim())
    .filter(Boolean);
  for (const [i, sql] of statements.entries()) {
    try {
      const n = (await rows(sql)).length;
      if (n === 0) fail(`examples/queries.sql query ${i + 1} returned no rows`);
      else pass(`examples/queries.sql query ${i + 1}: ${n} rows`);
    } catch (e) {
      fail(`examples/queries.sql query ${i + 1}: ${e.message}`);
    }
  }
}

if (failures.length) {
  console.error(`check-output: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.error('check-output: all checks passed');
