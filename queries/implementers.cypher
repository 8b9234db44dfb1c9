// name: implementers
// params: id (node id of the directive, e.g. "dir:TW/KL/43/2019")
// answers: documents implementing or continuing the directive, directly or through chains (district plan ->
// answers: province plan -> central directive), each with its shortest distance; graph.queries.implementers
MATCH p = (d:Directive)-[:IMPLEMENTS|CONTINUES*1..]->(t:Directive {id: $id})
WHERE d.id <> $id
RETURN d.id AS id, d.symbol AS symbol, d.title AS title, d.date AS date, d.locality AS locality,
       min(length(p)) AS depth
ORDER BY depth, id
