package listeners

import (
	"strconv"
	"time"

	"github.com/portolan/portolan/model/listen"
)

// DefaultNotifyEvery is the least time between two notifications.
const DefaultNotifyEvery = 10 * time.Second

// notifyShown is how many listeners a notification names.
const notifyShown = 3

// notifier gathers new alerts and tells of them at most once
// every `every`: listeners that appear in between wait for the next
// notification, sent at the first poll after the wait.
type notifier struct {
	every   time.Duration
	last    time.Time
	sent    bool
	pending []string // the first listeners waiting, described
	waiting int      // how many are waiting in all
}

func (n *notifier) add(l *listen.Listener) {
	n.waiting++
	if len(n.pending) < notifyShown {
		n.pending = append(n.pending, describe(l)+": "+listen.ReasonsText(l.Findings, ", "))
	}
}

// take returns the notification due at now, if any.
func (n *notifier) take(now time.Time) (title, body string, ok bool) {
	if n.waiting == 0 || (n.sent && now.Sub(n.last) < n.every) {
		return "", "", false
	}
	if n.waiting == 1 {
		title = "Listener alert"
	} else {
		title = strconv.Itoa(n.waiting) + " listener alerts"
	}
	for i, s := range n.pending {
		if i > 0 {
			body += "\n"
		}
		body += s
	}
	if more := n.waiting - len(n.pending); more > 0 {
		body += "\nand " + strconv.Itoa(more) + " more (see the listener panel)"
	}
	n.last, n.sent = now, true
	n.pending, n.waiting = n.pending[:0], 0
	return title, body, true
}
