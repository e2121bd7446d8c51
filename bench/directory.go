// Package bench generates a synthetic business directory of any size and
// drives load against the public search (SPEC R17 at city scale): closed-loop
// clients over HTTP on loopback, each timing every request, reporting
// latency percentiles per kind of query. The doublerandom bench command
// wires it; docs/benchmarks.md reports its numbers.
package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"doublerandom"
	"doublerandom/store"
)

// Words that make up generated names: a place, a trade name, a line of
// business and a legal form, as real registry names are built.
var (
	places = []string{"杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州",
		"丽水", "南阳", "卧龙", "宛城", "西湖", "滨江", "萧山", "余杭", "临平", "富阳"}
	trades = []string{"华", "鑫", "盛", "泰", "恒", "隆", "达", "兴", "锦", "瑞", "和", "康", "新",
		"宏", "丰", "源", "佳", "德", "安", "顺", "明", "远", "通", "汇", "天", "龙", "金", "宝",
		"美", "乐", "嘉", "诚", "信", "福", "祥", "永", "建", "中", "豪", "众"}
	lines = []string{"餐饮管理", "大药房", "药店", "百货商店", "超市", "建材", "五金", "科技",
		"电子商务", "文化传媒", "汽车维修", "食品", "服装", "家具", "物流", "贸易", "农业开发",
		"教育咨询", "美容美发", "酒店管理", "印刷", "化工", "机械设备", "装饰工程", "网络科技"}
	forms = []string{"有限公司", "有限责任公司", "店", "经营部", "商行", "工作室", "股份有限公司"}
)

// Name returns a generated business name drawn from r; names repeat words
// as real ones do, so that searches find many, few or one business.
func Name(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(places[r.IntN(len(places))])
	for range 2 + r.IntN(2) {
		b.WriteString(trades[r.IntN(len(trades))])
	}
	b.WriteString(lines[r.IntN(len(lines))])
	b.WriteString(forms[r.IntN(len(forms))])
	return b.String()
}

// creditAlphabet and the weights are those of GB 32100 and GB 11714, as
// package idcode checks them.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var (
	creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	orgWeights    = [8]int{3, 7, 9, 10, 5, 8, 4, 2}
)

// CreditCode returns a valid unified social credit code for the number n:
// registration authority 9 (market supervision), type 1 (enterprise),
// division 330100 (Hangzhou), an organisation code from n with its check
// character, and the code's own check character.
func CreditCode(n int) string {
	org := fmt.Sprintf("%08d", n%100_000_000)
	sum := 0
	for i, w := range orgWeights {
		sum += int(org[i]-'0') * w
	}
	switch r := 11 - sum%11; r {
	case 10:
		org += "X"
	case 11:
		org += "0"
	default:
		org += string(rune('0' + r))
	}
	code := "91330100" + org
	sum = 0
	for i, w := range creditWeights {
		sum += strings.IndexByte(creditAlphabet, code[i]) * w
	}
	return code + string(creditAlphabet[(31-sum%31)%31])
}

// batch is how many businesses one transaction stores.
const batch = 20_000

// Directory adds n generated businesses to the store, numbered from the
// number of businesses already there, in transactions of 20,000, and records
// one audit entry for the whole run. progress, when not nil, is called after
// each transaction with the count so far.
func Directory(ctx context.Context, st *store.Store, n int, seed uint64,
	progress func(done int)) error {
	start, err := st.CountEntities(ctx)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, uint64(start)))
	regions := []string{"城区", "卧龙岗街道", "七里园乡", "潦河镇", "安皋镇", "蒲山镇", "石桥镇"}
	classes := []string{"A", "B", "B", "B", "C", "D"}
	for done := 0; done < n; {
		k := min(batch, n-done)
		err := st.InTx(ctx, func(tx *store.Tx) error {
			for i := range k {
				num := start + done + i
				e := doublerandom.Entity{Code: CreditCode(num), CodeKind: doublerandom.CodeCredit,
					Name: Name(r), EntityType: "有限责任公司", Region: regions[r.IntN(len(regions))],
					Status: doublerandom.StatusActive, RiskClass: classes[r.IntN(len(classes))],
					Complaints: r.IntN(3)}
				if err := tx.AddEntity(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("generate directory: %w", err)
		}
		done += k
		if progress != nil {
			progress(done)
		}
	}
	return st.InTx(ctx, func(tx *store.Tx) error {
		return tx.Audit(ctx, "bench.directory", "entities", nil,
			map[string]any{"generated": n, "seed": seed, "from": start})
	})
}
