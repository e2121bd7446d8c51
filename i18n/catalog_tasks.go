package i18n

// Strings of the staff task pages.
func init() {
	add(map[string]text{
		"admin.tasks":      {"抽查任务办理", "Inspection tasks"},
		"tasks.title":      {"抽查任务办理", "Inspection tasks"},
		"tasks.new":        {"新建联合抽查任务（本部门牵头）", "New joint task led by your department"},
		"tasks.create":     {"创建任务", "Create the task"},
		"tasks.public":     {"公开页面", "Public page"},
		"tasks.freeze":     {"冻结候选名单并提交承诺值", "Freeze the candidate list with the commitments"},
		"tasks.freezehint": {"每个部门各自生成一个秘密（doublerandom ticket 或任意随机串），只提交其 SHA-256 承诺值；抽取前再公开秘密。", "Each department makes a secret of its own and gives only its SHA-256 commitment now; it reveals the secret before the draw."},
		"tasks.commitment": {"承诺值（SHA-256）", "Commitment (SHA-256)"},
		"tasks.reserves":   {"备选数量", "Reserves"},
		"tasks.freezebtn":  {"冻结并公布", "Freeze and publish"},
		"tasks.reveal":     {"公开本部门秘密", "Reveal your department's secret"},
		"tasks.secret":     {"秘密", "Secret"},
		"tasks.revealbtn":  {"公开", "Reveal"},
		"tasks.draw":       {"抽取", "Draw"},
		"tasks.drawhint":   {"填写冻结后才产生的公共随机数（例如公布的公共随机信标值），种子由它和各部门秘密共同决定。", "Enter the public randomness that appeared only after the freeze (e.g. a public beacon value); it and the departments' secrets fix the seed."},
		"tasks.drawbtn":    {"抽取企业和检查组", "Draw businesses and teams"},
		"tasks.results":    {"录入检查结果", "Enter results"},
		"tasks.note":       {"备注", "Note"},
		"tasks.save":       {"保存", "Save"},
		"tasks.correct":    {"更正", "Correct"},
		"tasks.publish":    {"公示全部结果", "Publish all results"},
		"tasks.done":       {"本任务结果已公示。", "This task's results are published."},
	})
}
