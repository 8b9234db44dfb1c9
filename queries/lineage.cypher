// name: lineage
// params: id (node id of the document, e.g. "doc:6909e6a246ad5702")
// answers: what the document implements or continues, up to the roots (directives implementing nothing
// answers: further), each with its shortest distance; graph.queries.lineage
MATCH p = (s:Directive {id: $id})-[:IMPLEMENTS|CONTINUES*1..]->(a:Directive)
WHERE a.id <> $id
WITH a, min(length(p)) AS depth
OPTIONAL MATCH (a)-[up:IMPLEMENTS|CONTINUES]->()
RETURN a.id AS id, a.symbol AS symbol, a.title AS title, depth, count(up) = 0 AS root
ORDER BY depth, id
