package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"doublerandom"
	"doublerandom/workflow"
)

// PrepareYear carries both demo departments through steps 1 and 2 of a year
// by the real events: each publishes its item list, the market supervision
// bureau proposes one joint plan with the police covering every item of
// both lists over the whole directory for the whole year, and the joint
// meeting office compiles and publishes the district annual plan.
func PrepareYear(ctx context.Context, svc *workflow.Service, year int,
	w io.Writer) (*doublerandom.Plan, error) {
	for _, d := range Departments {
		p, err := svc.PublishList(ctx, d.Code)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "   %s item list published: %d items, SHA-256 %s\n", d.Code, p.Items,
			p.SHA256)
	}
	items, err := svc.Store.Items(ctx, "")
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	plan, err := svc.ProposePlan(ctx, doublerandom.Plan{Year: year,
		Title:    fmt.Sprintf("%d年市场监管与公安联合抽查计划（演示）", year),
		LeadDept: DeptMarket, Participating: []string{DeptPolice}, ItemIDs: ids, Ratio: "0.05",
		Scope:       doublerandom.Scope{Note: "辖区内全部市场主体（演示）"},
		WindowStart: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC),
		WindowEnd:   time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return nil, err
	}
	if _, err := svc.CompileAnnualPlan(ctx, year, "", []int64{plan.ID}); err != nil {
		return nil, err
	}
	if _, err := svc.PublishAnnualPlan(ctx, year); err != nil {
		return nil, err
	}
	if plan, err = svc.Store.Plan(ctx, plan.ID); err != nil {
		return nil, err
	}
	late := ""
	if plan.Late(workflow.China) {
		late = " (late: after 30 June)"
	}
	fmt.Fprintf(w, "   plan %d %q in the published %d annual plan%s\n", plan.ID, plan.Title,
		year, late)
	return plan, nil
}

// findings are the demo's simulated on-site findings and sign-offs per
// result type; types not listed found nothing wrong.
var findings = map[doublerandom.ResultType]string{
	doublerandom.ResultCorrected:     "发现问题，已责令限期改正（演示）",
	doublerandom.ResultUnreachable:   "通过登记的住所无法联系（演示）",
	doublerandom.ResultNotPublicised: "未按规定公示年度报告（演示）",
	doublerandom.ResultPendingFollow: "发现涉嫌违法问题，待后续处理（演示）",
}

// Inspect records the inspection of every drawn business of a task by its
// team leader, through the real steps: the task's implementation rules are
// published, the business notified, each item of the task recorded on site
// with its findings, and the business's sign-off recorded (a business that
// cannot be reached cannot sign: the reason and a witness are recorded).
// typeOf gives the simulated result of a business, nil for "no problem".
func Inspect(ctx context.Context, svc *workflow.Service, taskID int64,
	typeOf func(code string) doublerandom.ResultType) error {
	t, err := svc.Store.Task(ctx, taskID)
	if err != nil {
		return err
	}
	_, err = svc.Store.TaskRules(ctx, taskID)
	if doublerandom.ErrorCode(err) == doublerandom.ENOTFOUND {
		err = svc.PublishRules(ctx, taskID, fmt.Sprintf("《%s》实施细则（演示）\n"+
			"一、检查时间：%s 起。\n二、检查方式：实地检查为主，辅以书面检查。\n"+
			"三、分工：组长统一安排检查日程，组员按事项分工检查并填写检查记录。", t.Title,
			t.InspectionDate.Format(doublerandom.DateLayout)))
	}
	if err != nil {
		return err
	}
	teams, err := svc.Store.Teams(ctx, taskID)
	if err != nil {
		return err
	}
	for _, tm := range teams {
		typ := doublerandom.ResultNoProblem
		if typeOf != nil {
			typ = typeOf(tm.EntityCode)
		}
		if err := inspectOne(ctx, svc, t, tm, typ); err != nil {
			return err
		}
	}
	return nil
}

func inspectOne(ctx context.Context, svc *workflow.Service, t *doublerandom.Task,
	tm doublerandom.Team, typ doublerandom.ResultType) error {
	leader := tm.Members[0]
	_, err := svc.Notify(ctx, leader, doublerandom.Notification{TaskID: t.ID,
		EntityCode: tm.EntityCode, NotifiedAt: svc.Now(), Channel: doublerandom.ChannelPhone,
		Content: "电话告知检查时间及需准备的证照、台账等资料（演示）"})
	if err != nil {
		return err
	}
	found, problem := findings[typ], true
	if found == "" {
		found, problem = "未发现问题（演示）", false
	}
	for _, item := range t.ItemIDs {
		_, err := svc.RecordInspection(ctx, leader, doublerandom.InspectionRecord{TaskID: t.ID,
			EntityCode: tm.EntityCode, ItemID: item, Method: doublerandom.MethodOnSite,
			Findings: found, Problem: problem})
		if err != nil {
			return err
		}
	}
	so := doublerandom.SignOff{TaskID: t.ID, EntityCode: tm.EntityCode,
		Kind: doublerandom.SignSigned, Signatory: "负责人（演示）"}
	if typ == doublerandom.ResultUnreachable {
		so = doublerandom.SignOff{TaskID: t.ID, EntityCode: tm.EntityCode,
			Kind: doublerandom.SignMissing, Reason: "登记住所无人，无法取得签字（演示）",
			Witness: "社区网格员（演示）"}
	}
	return svc.SignOff(ctx, leader, so)
}

// ConfirmAll has every member of every team of a task confirm his
// business's result in the result summary.
func ConfirmAll(ctx context.Context, svc *workflow.Service, taskID int64) error {
	teams, err := svc.Store.Teams(ctx, taskID)
	if err != nil {
		return err
	}
	for _, tm := range teams {
		for _, m := range tm.Members {
			if err := svc.Confirm(ctx, m, taskID, tm.EntityCode); err != nil {
				return err
			}
		}
	}
	return nil
}

// followUp hands every problem pending follow-up in a published task to the
// market supervision bureau, which has jurisdiction in the demo; the first
// ends in a penalty decision, published at once, the others close as
// corrected. It returns the number of follow-ups and penalties.
func followUp(ctx context.Context, svc *workflow.Service, taskID int64) (int, int, error) {
	results, err := svc.Store.Results(ctx, taskID)
	if err != nil {
		return 0, 0, err
	}
	var handed, penalties int
	for _, r := range results {
		if r.Type != doublerandom.ResultPendingFollow {
			continue
		}
		f, err := svc.HandOver(ctx, doublerandom.FollowUp{TaskID: taskID,
			EntityCode: r.EntityCode, Problem: findings[r.Type], FromDept: DeptMarket,
			ToDept: DeptMarket})
		if err != nil {
			return 0, 0, err
		}
		handed++
		if handed > 1 {
			if err := svc.CloseFollowUp(ctx, f.ID, "已整改到位，不予处罚（演示）"); err != nil {
				return 0, 0, err
			}
			continue
		}
		p, err := svc.DecidePenalty(ctx, doublerandom.Penalty{FollowUpID: f.ID, Dept: DeptMarket,
			DecisionNo: fmt.Sprintf("演示市监罚〔%d〕1号", svc.Now().Year()),
			DecidedOn: time.Date(svc.Now().Year(), svc.Now().Month(), svc.Now().Day(), 0, 0, 0, 0,
				time.UTC), Content: "警告（演示）"})
		if err != nil {
			return 0, 0, err
		}
		if err := svc.PublishPenalty(ctx, p.ID); err != nil {
			return 0, 0, err
		}
		penalties++
	}
	return handed, penalties, nil
}

// deliverArchives delivers both departments' archives of the year to the
// joint meeting office: step 10.
func deliverArchives(ctx context.Context, svc *workflow.Service, year int, w io.Writer) error {
	for _, d := range Departments {
		a, err := svc.DeliverYearArchive(ctx, d.Code, year)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s archive of %d delivered: %d bytes, SHA-256 %s\n", d.Code, year,
			a.Size, a.SHA256)
	}
	return nil
}
