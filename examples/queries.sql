-- Queries an analyst starts from, in DuckDB, over the tables of `entopic run`.
-- Open a run first, one view per table (replace out with your output directory):
--
--   CREATE VIEW documents AS SELECT * FROM read_parquet('out/documents/*.parquet');
--   CREATE VIEW mentions  AS SELECT * FROM read_parquet('out/mentions/*.parquet');
--   CREATE VIEW entities  AS SELECT * FROM read_parquet('out/entities/*.parquet');
--   CREATE VIEW topics    AS SELECT * FROM read_parquet('out/topics/*.parquet');
--   CREATE VIEW keywords  AS SELECT * FROM read_parquet('out/keywords/*.parquet');
--
-- scripts/check-output.sh runs every query below on the sample run and checks
-- that each returns rows.

-- Policy documents by issuer and year: the year the mention dates the document
-- to, else the year of the article that names it.
SELECT coalesce(nullif(m.issuer, ''), '(issuer not named)') AS issuer,
       coalesce(substr(nullif(m.date, ''), 1, 4), strftime(d.published, '%Y'), '(undated)') AS year,
       m.normalized AS policy,
       count(*) AS mentions,
       count(DISTINCT m.doc_id) AS documents
FROM mentions m JOIN documents d USING (doc_id)
WHERE m.type = 'POLICY'
GROUP BY ALL
ORDER BY year, documents DESC, mentions DESC;

-- Who is quoted on which topic: the people of each document with their most
-- frequent role, by the document's best topic.
SELECT t.label_en AS topic,
       m.normalized AS person,
       mode(nullif(m.role, '')) AS role,
       mode(nullif(m.affiliation, '')) AS affiliation,
       count(DISTINCT m.doc_id) AS documents
FROM mentions m JOIN topics t ON t.doc_id = m.doc_id AND t.rank = 1
WHERE m.type = 'PERSON'
GROUP BY ALL
ORDER BY documents DESC, topic, person
LIMIT 100;

-- Dialogues and mechanisms by round: each round with its date and participants.
SELECT normalized AS dialogue,
       ordinal AS round,
       min(nullif(date, '')) AS date,
       list_sort(list_distinct(flatten(list(participants)))) AS participants,
       count(DISTINCT doc_id) AS documents
FROM mentions
WHERE type = 'DIALOGUE'
GROUP BY normalized, ordinal
ORDER BY dialogue, round NULLS FIRST;

-- Documents that mention an entity, in the title or in the text (here 中国, China):
-- title mentions first.
SELECT d.doc_id, d.title, d.published, d.outlet,
       bool_or(m.field = 'title') AS in_title,
       count(*) AS mentions
FROM documents d JOIN mentions m USING (doc_id)
WHERE m.normalized IN ('中国', 'China')
GROUP BY ALL
ORDER BY in_title DESC, mentions DESC;

-- The most salient organizations of the corpus: in how many documents, and how
-- central they are where they appear (salience averaged).
SELECT normalized AS organization,
       count(*) AS documents,
       sum(mentions) AS mentions,
       round(avg(salience), 3) AS salience
FROM entities
WHERE type = 'ORG'
GROUP BY normalized
ORDER BY documents DESC, mentions DESC
LIMIT 50;

-- Keywords per month: what the corpus talks about, month by month.
SELECT strftime(d.published, '%Y-%m') AS month, k.keyword, count(*) AS documents
FROM keywords k JOIN documents d USING (doc_id)
WHERE k.rank <= 5 AND d.published IS NOT NULL
GROUP BY month, k.keyword
QUALIFY row_number() OVER (PARTITION BY month ORDER BY documents DESC, keyword) <= 10
ORDER BY month, documents DESC;
