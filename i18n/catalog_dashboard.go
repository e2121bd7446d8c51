package i18n

// Strings of the office's supervision dashboard.
func init() {
	add(map[string]text{
		"admin.dashboard": {"监督看板", "Supervision dashboard"},
		"dash.title":      {"双随机抽查监督看板", "Supervision dashboard"},
		"dash.year":       {"年度", "Year"},
		"dash.steps":      {"各部门“十个步骤”进度", "Each department's progress through the ten steps"},
		"dash.stepsdone":  {"已完成步骤", "Steps done"},
		"dash.dept":       {"部门", "Department"},
		"dash.done":       {"完成", "Done"},
		"dash.nodepts":    {"没有可显示的部门。", "No department to show."},
		"dash.plans":      {"计划与任务、抽取与重新抽取", "Plans and tasks, draws and redraws"},
		"dash.nplans":     {"计划", "Plans"},
		"dash.ntasks":     {"任务", "Tasks"},
		"dash.planned":    {"其中来自计划", "of which from a plan"},
		"dash.published":  {"已公示", "Published"},
		"dash.draws":      {"抽取次数", "Draws"},
		"dash.redraws":    {"重新抽取", "Redraws"},
		"dash.overdue":    {"逾期未公示结果", "Results overdue"},
		"dash.due":        {"公示期限", "Due"},
		"dash.late":       {"逾期工作日", "Working days late"},
		"dash.nooverdue":  {"没有逾期未公示的结果。", "No results are overdue."},
		"dash.results":    {"检查结果类型", "Results by type"},
		"dash.recorded":   {"已录入", "Recorded"},
		"step.1":          {"制定清单并公开", "item list published"},
		"step.2":          {"制定计划并公开", "plan published"},
		"step.3":          {"建立检查对象名录库", "object directory"},
		"step.4":          {"建立执法人员名录库", "inspector directory"},
		"step.5":          {"随机匹配", "random matching"},
		"step.6":          {"制定实施细则并公开", "implementation rules published"},
		"step.7":          {"实施检查", "inspections"},
		"step.8":          {"公开检查结果", "results published"},
		"step.9":          {"公开处罚结果", "penalties published"},
		"step.10":         {"检查档案归集", "archive delivered"},
	})
}
