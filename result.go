package doublerandom

// ResultType is one of exactly ten inspection result types of Art. 22
// (SPEC R15).
type ResultType string

// The ten result types, in the order of Art. 22.
const (
	ResultNoProblem     ResultType = "no_problem"       // 未发现问题
	ResultNotPublicised ResultType = "not_publicised"   // 未按规定公示应当公示的信息
	ResultUnreachable   ResultType = "unreachable"      // 通过登记的住所（经营场所）无法联系
	ResultCorrected     ResultType = "corrected"        // 发现问题已责令改正
	ResultRefused       ResultType = "refused"          // 不配合检查情节严重
	ResultNoActivity    ResultType = "no_activity"      // 未发现开展本次抽查涉及的经营活动
	ResultPendingFollow ResultType = "pending_followup" // 发现问题待后续处理
	ResultQualified     ResultType = "qualified"        // 合格
	ResultUnqualified   ResultType = "unqualified"      // 不合格
	ResultOther         ResultType = "other"            // 其他
)

// ResultTypes lists the ten result types in the order of Art. 22.
var ResultTypes = []ResultType{
	ResultNoProblem, ResultNotPublicised, ResultUnreachable, ResultCorrected,
	ResultRefused, ResultNoActivity, ResultPendingFollow, ResultQualified,
	ResultUnqualified, ResultOther,
}

// Valid reports whether r is one of the ten result types.
func (r ResultType) Valid() bool {
	for _, t := range ResultTypes {
		if r == t {
			return true
		}
	}
	return false
}
