// name: cited_by
// params: id (node id of the cited directive, e.g. "dir:TW/NQ/25/2013")
// answers: documents citing, implementing or continuing the directive, one row per stated link; a link stated
// answers: inside a task item is reported for the task's document with via_task set to the task
MATCH (t:Directive {id: $id})<-[e:IMPLEMENTS|CONTINUES|CITES]-(s)
OPTIONAL MATCH (o:Directive)-[:HAS_TASK]->(s)
WITH e, s, o
WHERE o IS NOT NULL OR 'Directive' IN labels(s)
RETURN coalesce(o.id, s.id) AS id, type(e) AS relation,
       CASE WHEN o IS NULL THEN null ELSE s.id END AS via_task,
       e.sentence AS sentence, e.source_file AS file, e.start AS start, e.line AS line
ORDER BY relation, id, via_task
