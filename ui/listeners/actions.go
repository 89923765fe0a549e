package listeners

import (
	"context"
	"fmt"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
	"github.com/portolan/portolan/model/listen"
)

// copySelected copies the selected row to the clipboard as one line of
// text; it reports whether a row was selected.
func (p *Panel) copySelected() bool {
	r := p.selected()
	if r == nil {
		return false
	}
	fyne.CurrentApp().Clipboard().SetContent(rowLine(r, p.loc))
	p.feedback("Copied the row of " + describe(r.l))
	return true
}

// feedback tells OnFeedback.
func (p *Panel) feedback(text string) {
	if p.OnFeedback != nil {
		p.OnFeedback(text)
	}
}

// cannotApprove says why nothing can be approved, when nothing can.
func (p *Panel) cannotApprove() bool {
	if p.verdicts != nil && p.verdicts.Baseline() != nil {
		return false
	}
	dialog.ShowInformation("Nothing can be approved",
		"Approvals are kept in the listener history, which could not be opened (the message at start said why). Check the data folder and restart Portolan.", p.win)
	return true
}

func (p *Panel) approveSelected() {
	r := p.selected()
	if r == nil || r.gone != nil || p.cannotApprove() {
		return
	}
	p.approve(describe(r.l), *r.l)
}

func (p *Panel) approveAllCurrent() {
	if len(p.cur) == 0 || p.cannotApprove() {
		return
	}
	ls := p.cur
	d := dialog.NewConfirm("Approve all listeners?",
		fmt.Sprintf("Approve all %d current listeners? Each is then calm, except for reasons saying its program is not what it claims; "+
			"listeners that appear later are new since the approval.", len(ls)),
		func(ok bool) {
			if ok {
				p.approve(fmt.Sprintf("all %d current listeners", len(ls)), ls...)
			}
		}, p.win)
	d.SetConfirmText("Approve all")
	d.SetDismissText("Cancel")
	d.Show()
}

// approve keeps approvals of listeners in the history, says what it did
// (OnFeedback, the window's notice) and in the log, and asks for a poll
// that judges them anew.
func (p *Panel) approve(what string, ls ...listen.Listener) {
	n, err := p.verdicts.Approve(context.Background(), p.cur, p.polled, ls...)
	if err != nil {
		dialog.ShowError(fmt.Errorf("could not approve %s: %w; the approvals are unchanged", what, err), p.win)
		return
	}
	var keys []string
	calm := true
	for i := range ls {
		if len(ls) == 1 {
			keys = append(keys, p.verdicts.KeyText(&ls[i]))
		}
		for _, f := range ls[i].Findings {
			calm = calm && !f.Reason.Tamper()
		}
	}
	p.feedback(approvedText(what, n, keys, calm))
	e := change{time: p.opts.Now(), event: eventApproved, text: fmt.Sprintf("%s (%d approvals added)", what, n)}
	if len(ls) == 1 {
		e.port, e.hasPort = ls[0].Port, true
	}
	p.log.add(e)
	p.log.trim()
	p.refreshChanges()
	if p.OnBaselineChanged != nil {
		p.OnBaselineChanged()
	}
}

// endSelected asks whether to end the selected row's process, naming it
// and its PID. The process is captured now (PID and start time): the
// signals reach it or nothing.
func (p *Panel) endSelected() {
	r := p.selected()
	if r == nil || r.gone != nil || r.l.PID == 0 {
		return
	}
	l := *r.l
	who := fmt.Sprintf("%s (PID %d)", processName(&l), l.PID)
	var msg string
	sig := syscall.SIGTERM
	if askFirst {
		msg = fmt.Sprintf("End %s, listening on %s?\n\nPortolan asks it to stop (SIGTERM); if it does not, you can then force it.", who, l.Endpoint())
	} else {
		sig = syscall.SIGKILL
		msg = fmt.Sprintf("End %s, listening on %s?\n\nIt is stopped at once, with no chance to save its work.", who, l.Endpoint())
	}
	target, err := p.opts.Kill(l.PID)
	if err != nil {
		dialog.ShowInformation("Could not end the process", killErrorText(&l, sig, err), p.win)
		return
	}
	d := dialog.NewConfirm("End process?", msg, func(ok bool) {
		if ok {
			p.signal(&l, target, sig)
		}
	}, p.win)
	d.SetConfirmText("End " + processName(&l))
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetDismissText("Cancel")
	d.Show()
}

// signal sends the signal and says what came of it; after SIGTERM it
// offers SIGKILL, unless the process ended meanwhile.
func (p *Panel) signal(l *listen.Listener, target Target, sig syscall.Signal) {
	err := target.Signal(sig)
	if err != nil {
		dialog.ShowInformation("Could not end the process", killErrorText(l, sig, err), p.win)
		return
	}
	p.log.add(change{time: p.opts.Now(), event: eventEnded, port: l.Port, hasPort: true,
		text: fmt.Sprintf("sent %s to %s", signalName(sig), describe(l))})
	p.log.trim()
	p.refreshChanges()
	if sig != syscall.SIGTERM {
		return
	}
	if target.WaitEnded(termGrace) {
		dialog.ShowInformation("Process ended", fmt.Sprintf("%s (PID %d) has ended.", processName(l), l.PID), p.win)
		return
	}
	d := dialog.NewConfirm("Force it to end?",
		fmt.Sprintf("Asked %s (PID %d) to stop (SIGTERM). Most programs stop within a few seconds.\n\n"+
			"If it is still running, force it to end now (SIGKILL)? It gets no chance to clean up.", processName(l), l.PID),
		func(ok bool) {
			if ok {
				p.signal(l, target, syscall.SIGKILL)
			}
		}, p.win)
	d.SetConfirmText("Force end (SIGKILL)")
	d.SetConfirmImportance(widget.DangerImportance)
	d.SetDismissText("Close")
	d.Show()
}

// shownListeners are the table's current rows, in its order (gone rows
// are left out: they are no longer listening).
func (p *Panel) shownListeners() []listen.Listener {
	ls := make([]listen.Listener, 0, len(p.view))
	for i := range p.view {
		if p.view[i].gone == nil {
			ls = append(ls, *p.view[i].l)
		}
	}
	return ls
}

// export saves the table's rows as CSV or JSON, by the file's extension.
func (p *Panel) export() {
	ls := p.shownListeners()
	if len(ls) == 0 {
		dialog.ShowInformation("Export", "There is nothing to export: the table shows no current listener.", p.win)
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(fmt.Errorf("could not open the file to export to: %w", err), p.win)
			return
		}
		if wc == nil {
			return // cancelled
		}
		err = writeExport(wc, wc.URI().Extension(), ls)
		if cerr := wc.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("could not finish writing the file: %w", cerr)
		}
		if err != nil {
			dialog.ShowError(fmt.Errorf("%s: %w; the file may be incomplete", wc.URI().Name(), err), p.win)
			return
		}
		p.feedback(fmt.Sprintf("Exported %d listeners to %s", len(ls), wc.URI().Path()))
	}, p.win)
	d.SetFileName("listeners.csv")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".json"}))
	d.Show()
}
