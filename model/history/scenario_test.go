package history

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"
)

// A scenario is a machine whose listeners come and go, step after step,
// the same in every process: step k's poll is at t0 + k seconds.

const scenarioPrograms = 60

func mix(a, b int) uint64 {
	return rand.New(rand.NewPCG(uint64(a), uint64(b))).Uint64()
}

func stepTime(k int) time.Time { return t0.Add(time.Duration(k) * time.Second) }

// scenarioStep is the listeners present at step k: program j changes every
// 1 + j%7 steps; about 70 % are present, some restart with a new PID, a
// few are alerts, and every tenth uses ephemeral ports.
func scenarioStep(k int) []Observation {
	var out []Observation
	for j := 0; j < scenarioPrograms; j++ {
		period := 1 + j%7
		h := mix(j, k/period)
		if h%10 >= 7 {
			continue
		}
		o := obs("prog"+strconv.Itoa(j), uint16(2000+j), int32(10000+j*10+int(h>>8)%3))
		if h%13 == 0 {
			o.Severity = SeverityAlert
		}
		if j%10 == 0 {
			o.Ephemeral = true
			o.Port = uint16(40000 + int(h>>16)%20000)
		}
		out = append(out, o)
	}
	return out
}

// scenarioEvents is what one recorder alone writes for steps 0..last.
func scenarioEvents(t testing.TB, last int) []string {
	s := openTest(t, Options{})
	for k := 0; k <= last; k++ {
		record(t, s, stepTime(k), scenarioStep(k)...)
	}
	return eventTexts(allEvents(t, s))
}

// The test binary doubles as a recorder process: TestMain runs childMain
// when HISTORY_TEST_CHILD is set.
const childEnv = "HISTORY_TEST_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		if err := childMain(mode, os.Getenv("HISTORY_TEST_DB")); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func childMain(mode, path string) error {
	ctx := context.Background()
	s, err := Open(ctx, Options{Path: path})
	if err != nil {
		return err
	}
	defer s.Close()
	switch mode {
	case "lockstep": // record the steps read from stdin, say what happened
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			k, err := strconv.Atoi(in.Text())
			if err != nil {
				return err
			}
			res, err := s.Record(ctx, stepTime(k), scenarioStep(k))
			if err != nil {
				return err
			}
			fmt.Printf("%d %v\n", k, res.Written)
		}
		return in.Err()
	case "stream": // record from the step after the last recorded, say each
		last, err := s.LastPoll(ctx)
		if err != nil {
			return err
		}
		k := 0
		if !last.IsZero() {
			k = int(last.Sub(t0)/time.Second) + 1
		}
		for ; ; k++ {
			res, err := s.Record(ctx, stepTime(k), scenarioStep(k))
			if err != nil {
				return err
			}
			if !res.Written {
				return fmt.Errorf("step %d not written: %s", k, res.Skipped)
			}
			fmt.Printf("%d\n", k)
		}
	case "approve": // approve many listeners one at a time
		n, _ := strconv.Atoi(os.Getenv("HISTORY_TEST_N"))
		tag := os.Getenv("HISTORY_TEST_TAG")
		for i := 0; i < n; i++ {
			if _, err := s.Approve(ctx, obs(tag+strconv.Itoa(i), uint16(1000+i), 1)); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown mode %q", mode)
}
