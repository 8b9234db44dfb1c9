// name: tasks_by_agency
// params: id (node id of the agency, e.g. "agency:loc:tuyên-quang/ban-dân-vận-tỉnh-ủy"; `vankien agency` finds it)
// answers: the task items assigned to the agency, with its role (responsible, coordinating, ...) and the
// answers: document each task belongs to
MATCH (t:Task)-[a:ASSIGNED_TO]->(g:Agency {id: $id})
OPTIONAL MATCH (d:Directive)-[:HAS_TASK]->(t)
RETURN t.id AS task, t.task_id AS task_id, t.heading AS heading, a.role AS role, d.id AS document
ORDER BY document, task, role
