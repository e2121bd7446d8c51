package doublerandom

// The draw modes of a task.
const (
	DrawUniform    = "uniform"
	DrawStratified = "stratified"
)

// RiskClasses are the credit risk classes (信用风险分类) from A (low) to D
// (high), in order.
var RiskClasses = []string{"A", "B", "C", "D"}

// DefaultStratumRatios are the sampling ratios per risk class used in
// Henan's differentiated supervision: D 30 %, C 10 %, B 2 %, A 1 %. A task
// may change them.
var DefaultStratumRatios = map[string]string{"A": "0.01", "B": "0.02", "C": "0.10", "D": "0.30"}

// DefaultComplaintThreshold is the complaint count above which a business is
// raised one risk class for a stratified draw.
const DefaultComplaintThreshold = 3

// UnratedClass is the class of a business that has no risk class yet: the
// general class B.
const UnratedClass = "B"

// Stratum returns the stratum of a business in a stratified draw, by the
// published rule (SPEC R7, Art. 14): its risk class (B when unrated), raised
// by one class, at most to D, when it is on the abnormal-operation list or
// has more complaints than threshold. Being on the list and having many
// complaints raise it once, not twice.
func Stratum(e Entity, threshold int) string {
	class := e.RiskClass
	i := riskIndex(class)
	if i < 0 {
		class, i = UnratedClass, riskIndex(UnratedClass)
	}
	if (e.Abnormal || e.Complaints > threshold) && i < len(RiskClasses)-1 {
		return RiskClasses[i+1]
	}
	return class
}

func riskIndex(c string) int {
	for i, r := range RiskClasses {
		if r == c {
			return i
		}
	}
	return -1
}
