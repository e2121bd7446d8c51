package web

import (
	"net/http"
	"slices"

	"doublerandom"
)

// taskVisible reports whether the requester may see task t: everyone once
// its candidate list is frozen and published (the commitment is public by
// design, SPEC R11); before that only the admins and leaders of its
// departments, the office and the auditor (SPEC R21). An inspector sees only
// his assignments, and a task not yet frozen has none.
func taskVisible(r *http.Request, t *doublerandom.Task) bool {
	if t.State != doublerandom.TaskCreated {
		return true
	}
	a := actorOf(r)
	if a.Role == doublerandom.RoleInspector {
		return false
	}
	return slices.ContainsFunc(t.Departments(), a.SeesDept)
}

// visibleTasks keeps the tasks the requester may see.
func visibleTasks(r *http.Request, ts []doublerandom.Task) []doublerandom.Task {
	out := ts[:0:0]
	for i := range ts {
		if taskVisible(r, &ts[i]) {
			out = append(out, ts[i])
		}
	}
	return out
}
