package update

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portolan/portolan/registry"
)

// checkURL accepts https, and plain http only to this machine (tests, a
// local mirror): the registry decides what the map says about ports.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not a web address (expected https://...)", raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if host == "localhost" {
			return nil
		}
		if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
			return nil
		}
	}
	return fmt.Errorf("%q is not an https address (plain http is accepted only from this machine)", raw)
}

type redirectError struct{ err error }

func (e *redirectError) Error() string { return e.err.Error() }

func (u *Updater) client() *http.Client {
	if u.Client != nil {
		return u.Client
	}
	return &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return &redirectError{errors.New("the server redirected more than 10 times")}
		}
		if err := checkURL(req.URL.String()); err != nil {
			return &redirectError{fmt.Errorf("the server redirected to %s, which is not an https address", req.URL)}
		}
		return nil
	}}
}

var errTooBig = errors.New("download too large")

// readBody reads at most max bytes, reporting progress; a body shorter
// than its Content-Length is io.ErrUnexpectedEOF.
func readBody(r io.Reader, total, limit int64, progress func(done, total int64)) ([]byte, error) {
	if total < 0 {
		total = -1
	}
	report := func(done int64) {
		if progress != nil {
			progress(done, total)
		}
	}
	var buf bytes.Buffer
	if total > 0 {
		buf.Grow(int(total))
	}
	report(0)
	chunk := make([]byte, 64<<10)
	var done int64
	for {
		n, err := r.Read(chunk)
		if n > 0 {
			if done+int64(n) > limit {
				return buf.Bytes(), errTooBig
			}
			buf.Write(chunk[:n])
			done += int64(n)
			report(done)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return buf.Bytes(), err
		}
	}
	if total >= 0 && done < total {
		return buf.Bytes(), io.ErrUnexpectedEOF
	}
	return buf.Bytes(), nil
}

// requestReason words a failure before the server's answer arrived.
func requestReason(parent context.Context, err error, limit time.Duration, host string) string {
	var re *redirectError
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	switch {
	case parent.Err() != nil:
		return "the update was cancelled"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Sprintf("the server did not answer within %s (timed out)", durationText(limit))
	case errors.As(err, &re):
		return re.Error()
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot find the server %s (is the computer offline?)", host)
	case errors.As(err, &certErr):
		return fmt.Sprintf("the server's certificate is not valid for %s: %v", host, certErr.Err)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Sprintf("cannot reach the server %s: %v", host, err)
}

// bodyReason words a failure while the file was arriving.
func bodyReason(parent context.Context, err error, limit time.Duration, got, total, maxBytes int64) string {
	switch {
	case errors.Is(err, errTooBig):
		return fmt.Sprintf("the download grew past the %s limit, so it is not the registry", SizeText(maxBytes))
	case parent.Err() != nil:
		return "the update was cancelled"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return fmt.Sprintf("the download timed out after %s (%s received)", durationText(limit), SizeText(got))
	case errors.Is(err, io.ErrUnexpectedEOF):
		if total > 0 {
			return fmt.Sprintf("the download was cut off after %s of %s bytes", registry.Thousands(got), registry.Thousands(total))
		}
		return fmt.Sprintf("the download was cut off after %s bytes", registry.Thousands(got))
	}
	return fmt.Sprintf("the download broke off after %s bytes: %v", registry.Thousands(got), err)
}

// durationText is "300ms", "45 seconds", "1 minute", "2 minutes".
func durationText(d time.Duration) string {
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return strconv.FormatInt(n, 10) + " " + unit + "s"
	}
	switch {
	case d >= time.Minute && d%time.Minute == 0:
		return plural(int64(d/time.Minute), "minute")
	case d >= time.Second && d%time.Second == 0:
		return plural(int64(d/time.Second), "second")
	}
	return d.String()
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

func statusText(resp *http.Response) string {
	if t := http.StatusText(resp.StatusCode); t != "" {
		return strconv.Itoa(resp.StatusCode) + " " + t
	}
	return strconv.Itoa(resp.StatusCode)
}

func isHTMLType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

// looksLikeHTML spots an error page served as text/plain or text/csv.
func looksLikeHTML(data []byte) bool {
	head := bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 1024)], []byte("\ufeff")), " \t\r\n")
	lower := bytes.ToLower(head)
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<!--", "<title"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return true
		}
	}
	return bytes.HasPrefix(lower, []byte("<?xml")) && bytes.Contains(lower, []byte("<html"))
}

func firstLine(data []byte) string {
	line, _, _ := bytes.Cut(data[:min(len(data), 200)], []byte("\n"))
	s := strings.TrimSpace(string(line))
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return s
}
