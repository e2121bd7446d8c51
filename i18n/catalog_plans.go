package i18n

// Strings of plans, the ten steps, inspections, results, follow-up,
// deadlines and archives (issue 5).
func init() {
	add(map[string]text{
		"summary.sheet":       {"抽查结果汇总表", "Result summary"},
		"summary.title":       {"抽查结果汇总表", "Result summary of the inspection task"},
		"summary.items":       {"已记录事项", "Items recorded"},
		"summary.problems":    {"发现问题事项", "Items with problems"},
		"summary.note":        {"说明", "Note"},
		"summary.signoff":     {"被检查对象签字/盖章", "Business's signature or seal"},
		"summary.confirmed":   {"组员确认", "Confirmed by members"},
		"summary.signhere":    {"检查小组成员签字：", "Signatures of the team members:"},
		"sign.none":           {"未记录", "Not recorded"},
		"sign.signed":         {"签字", "Signed"},
		"sign.sealed":         {"盖章", "Sealed"},
		"sign.missing":        {"无法取得签字或盖章", "No signature or seal"},
		"sign.missing_detail": {"未签字（原因：%s；见证人：%s）", "Not signed (reason: %s; witness: %s)"},
	})
}
