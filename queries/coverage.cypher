// name: coverage
// params: id (node id of the directive, e.g. "dir:TW/NQ/25/2013")
// answers: per province, the documents implementing the directive at any depth and the earliest date among
// answers: them (lag = first_date - target_date, computed by the caller: ISO date strings, no Cypher dates)
MATCH p = (d:Directive)-[:IMPLEMENTS|CONTINUES*1..]->(t:Directive {id: $id})
WHERE d.id <> $id AND d.locality IS NOT NULL
WITH t, d, min(length(p)) AS depth
WITH t, d, depth, split(d.locality, '/')[0] AS locality
OPTIONAL MATCH (l:Locality {id: locality})
RETURN locality, l.name AS name, collect(d.id) AS documents, min(d.date) AS first_date,
       t.date AS target_date
ORDER BY locality
