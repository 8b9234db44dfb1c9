// name: cites
// params: id (node id of the citing document)
// answers: every directive the document cites, implements or continues, one row per stated link, with the
// answers: evidence (sentence, file, raw offset, line) and how an undated reference was resolved
MATCH (s:Directive {id: $id})-[e:IMPLEMENTS|CONTINUES|CITES]->(t:Directive)
RETURN t.id AS id, t.symbol AS symbol, type(e) AS relation, e.resolution AS resolution,
       e.confidence AS confidence, e.sentence AS sentence, e.source_file AS file, e.start AS start,
       e.line AS line
ORDER BY relation, id, start
