package ui

import (
	"errors"
	"strconv"
	"time"

	"caisse/pos"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// syncBar is the top bar's head-office status on a joined till: an icon
// (online, offline) over the number of events waiting, the words in a
// tooltip; tapping it says the state and the last error. It sits before
// the shop's name, which gives way to it (the bar fits 1024 px). The state
// comes from the till's background sync (pos.SyncStatus, Options.Sync); a
// till that never joined shows nothing. Touched on the UI goroutine only.
type syncBar struct {
	win   fyne.Window
	show  func(d dialog.Dialog, onClosed ...func()) // the screen's showDialog
	src   pos.SyncStatus
	badge *syncBadge
	area  *tipArea
	state pos.SyncState
	d     dialog.Dialog
	msg   *widget.Label // the open dialog's text
}

// initSyncBar builds the status, or nil without a sync.
func (s *Sell) initSyncBar() fyne.CanvasObject {
	if s.opts.Sync == nil {
		return nil
	}
	b := &syncBar{win: s.win, show: s.showDialog, src: s.opts.Sync}
	s.sync = b
	b.badge = newSyncBadge(b.openStatus)
	o := s.tips.tipped(b.badge, "")
	b.area = o.(*fyne.Container).Objects[1].(*tipArea)
	b.refresh()
	return o
}

// refresh reads the sync's state and shows it.
func (b *syncBar) refresh() {
	if b == nil {
		return
	}
	b.state = b.src.SyncState()
	b.badge.show(b.state)
	b.area.tip = syncSummary(b.state)
}

// syncBadge is the status itself: an icon over a count, tappable, no
// wider than its count.
type syncBadge struct {
	widget.BaseWidget
	icon  *canvas.Image
	count *canvas.Text
	tap   func()
}

func newSyncBadge(tap func()) *syncBadge {
	b := &syncBadge{tap: tap}
	b.icon = canvas.NewImageFromResource(theme.NewWarningThemedResource(theme.WarningIcon()))
	b.icon.FillMode = canvas.ImageFillContain
	b.icon.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize()))
	b.count = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	b.count.TextSize = theme.CaptionTextSize()
	b.count.TextStyle = fyne.TextStyle{Bold: true}
	b.count.Alignment = fyne.TextAlignCenter
	b.ExtendBaseWidget(b)
	return b
}

// show puts st in the badge: the icon, and the count (999+ beyond).
func (b *syncBadge) show(st pos.SyncState) {
	if st.Online {
		b.icon.Resource = theme.NewSuccessThemedResource(theme.ConfirmIcon())
	} else {
		b.icon.Resource = theme.NewWarningThemedResource(theme.WarningIcon())
	}
	switch {
	case st.Waiting <= 0:
		b.count.Text = ""
	case st.Waiting > 999:
		b.count.Text = "999+"
	default:
		b.count.Text = strconv.Itoa(st.Waiting)
	}
	b.Refresh()
}

func (b *syncBadge) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewCenter(container.New(&tightRows{}, container.NewCenter(b.icon), b.count)))
}

func (b *syncBadge) Tapped(*fyne.PointEvent)        { b.tap() }
func (b *syncBadge) MouseIn(*desktop.MouseEvent)    {}
func (b *syncBadge) MouseMoved(*desktop.MouseEvent) {}
func (b *syncBadge) MouseOut()                      {}

// titleRow lays out the status before the shop's name: the status at its
// size, the name in the rest. Its minimum is the status's: the name
// truncates to nothing rather than push the bar past the window.
type titleRow struct{}

func (titleRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	sm := objs[0].MinSize()
	objs[0].Move(fyne.NewPos(0, (size.Height-sm.Height)/2))
	objs[0].Resize(sm)
	x := sm.Width + theme.Padding()
	th := objs[1].MinSize().Height
	objs[1].Move(fyne.NewPos(x, (size.Height-th)/2))
	objs[1].Resize(fyne.NewSize(max(0, size.Width-x), th))
}

func (titleRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	sm := objs[0].MinSize()
	return fyne.NewSize(sm.Width, max(sm.Height, objs[1].MinSize().Height))
}

// syncSummary is the status in one sentence (the tooltip).
func syncSummary(st pos.SyncState) string {
	var state string
	if st.Online {
		state = tr("Head office: online.")
	} else {
		state = tr("Head office: offline.")
	}
	switch st.Waiting {
	case 0:
		return state + " " + tr("Nothing waits to go up.")
	case 1:
		return state + " " + tr("1 event waits to go up.")
	}
	return state + " " + trn("%d events wait to go up.", st.Waiting)
}

// openStatus says the state and the last error in words.
func (b *syncBar) openStatus() {
	if b == nil {
		return
	}
	b.refresh()
	st := b.state
	text := syncSummary(st)
	if st.Online {
		text += "\n" + tr("Sales go up to the head office as they are made, and configuration changes come down.")
	} else {
		text += "\n" + tr("The till sells on: sales are kept here and go up when the head office can be reached again. Configuration changes are made online only.")
	}
	if st.LastError != nil {
		text += "\n\n" + tr("Last error: %v", syncErrorText(st.LastError))
	}
	b.msg = widget.NewLabel(text)
	b.msg.Wrapping = fyne.TextWrapWord
	b.d = dialog.NewCustom(tr("Head office"), tr("Close (Esc)"), sized(b.msg, 520, 170), b.win)
	b.show(b.d, func() { b.d, b.msg = nil, nil })
}

// syncErrorText is a sync error in words: a till's error translated, a
// network's or the server's as it says it.
func syncErrorText(err error) string {
	var e *pos.Error
	if errors.As(err, &e) {
		return errText(err)
	}
	return err.Error()
}

// startTicker shows the sync's state every two seconds until stop.
func (b *syncBar) startTicker() (stop func()) {
	if b == nil {
		return func() {}
	}
	t := time.NewTicker(2 * time.Second)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				fyne.Do(b.refresh)
			case <-quit:
				return
			}
		}
	}()
	return func() { t.Stop(); close(quit) }
}
