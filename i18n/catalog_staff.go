package i18n

// Strings of accounts, the staff area and the audit log.
func init() {
	add(map[string]text{
		"nav.login":          {"工作人员登录", "Staff sign-in"},
		"nav.logout":         {"退出", "Sign out"},
		"nav.admin":          {"工作台", "Staff area"},
		"login.title":        {"工作人员登录", "Staff sign-in"},
		"login.name":         {"账号", "Account"},
		"login.password":     {"密码", "Password"},
		"login.submit":       {"登录", "Sign in"},
		"login.hint":         {"公众查询无需登录。账号由管理员用 doublerandom user add 创建。", "The public needs no account. Accounts are created with doublerandom user add."},
		"login.failed":       {"账号或密码不正确。", "Wrong account name or password."},
		"login.throttled":    {"登录失败次数过多，请约 %d 分钟后再试。", "Too many failed sign-ins; try again in about %d minutes."},
		"admin.title":        {"工作台", "Staff area"},
		"admin.nolinks":      {"当前角色暂无可用功能。", "Nothing is available to this role yet."},
		"role.office":        {"联席会议办公室", "Joint meeting office"},
		"role.admin":         {"部门管理员", "Department admin"},
		"role.leader":        {"部门分管负责人", "Department leader"},
		"role.inspector":     {"执法检查人员", "Inspector"},
		"role.auditor":       {"审计监督人员", "Auditor"},
		"role.office.can":    {"可查看各部门进度与监督看板，汇总发布年度计划；不修改各部门数据。", "Sees every department's progress and the dashboard and compiles the annual plan; changes no department's data."},
		"role.admin.can":     {"管理本部门的事项清单、名录库与抽查任务，组织抽取并公示结果；只能查看和修改本部门未公开的数据。", "Keeps the department's list, directories and tasks, runs draws and publishes results; sees and changes only the department's own unpublished data."},
		"role.leader.can":    {"审批本部门检查人员的更换，并可办理部门管理员的各项工作。", "Approves replacing the department's drawn inspectors and may do what the department admin does."},
		"role.inspector.can": {"只能查看和记录本人承担的检查任务。", "Sees and records only his own assignments."},
		"role.auditor.can":   {"可查阅全部记录与审计日志，不能修改任何数据。", "Reads every record and the audit log; changes nothing."},
	})
}
