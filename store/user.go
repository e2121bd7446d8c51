package store

import (
	"context"
	"fmt"
	"time"

	"doublerandom"
)

const userColumns = `name, dept, role, inspector_id, password_hash, disabled, created_at`

// userAudit is what the audit log keeps of an account: never the hash.
func userAudit(u doublerandom.User) map[string]any {
	return map[string]any{"name": u.Name, "dept": u.Dept, "role": u.Role,
		"inspector": u.InspectorID, "disabled": u.Disabled}
}

// AddUser creates a staff account. The role must be one of the staff roles;
// a name already taken is a conflict.
func (t *Tx) AddUser(ctx context.Context, u doublerandom.User) error {
	if !doublerandom.ValidRole(u.Role) {
		return doublerandom.Errorf(doublerandom.EINVALID, "role %q is not one of %v", u.Role,
			doublerandom.Roles)
	}
	if u.Name == "" || u.PasswordHash == "" {
		return doublerandom.Errorf(doublerandom.EINVALID, "an account needs a name and a password")
	}
	res, err := t.exec(ctx, `INSERT INTO users (`+userColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (name) DO NOTHING`, u.Name, u.Dept, u.Role, u.InspectorID, u.PasswordHash,
		boolInt(u.Disabled), formatTime(u.CreatedAt))
	if err != nil {
		return fmt.Errorf("add user %s: %w", u.Name, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return doublerandom.Errorf(doublerandom.ECONFLICT, "the account %s already exists", u.Name)
	}
	return t.Audit(ctx, "user.add", "user/"+u.Name, nil, userAudit(u))
}

// SetPassword replaces an account's password hash and ends its sessions.
func (t *Tx) SetPassword(ctx context.Context, name, hash string) error {
	res, err := t.exec(ctx, `UPDATE users SET password_hash = ? WHERE name = ?`, hash, name)
	if err != nil {
		return fmt.Errorf("set password of %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ENOTFOUND, "no account %s", name)
	}
	if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_name = ?`, name); err != nil {
		return fmt.Errorf("end sessions of %s: %w", name, err)
	}
	return t.Audit(ctx, "user.password", "user/"+name, nil, nil)
}

// SetUserDisabled disables or re-enables an account; disabling ends its
// sessions and API tokens.
func (t *Tx) SetUserDisabled(ctx context.Context, name string, disabled bool) error {
	res, err := t.exec(ctx, `UPDATE users SET disabled = ? WHERE name = ?`, boolInt(disabled), name)
	if err != nil {
		return fmt.Errorf("disable %s: %w", name, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return doublerandom.Errorf(doublerandom.ENOTFOUND, "no account %s", name)
	}
	if disabled {
		for _, q := range []string{`DELETE FROM sessions WHERE user_name = ?`,
			`DELETE FROM api_tokens WHERE user_name = ?`} {
			if _, err := t.exec(ctx, q, name); err != nil {
				return fmt.Errorf("disable %s: %w", name, err)
			}
		}
	}
	return t.Audit(ctx, "user.disable", "user/"+name, nil, map[string]bool{"disabled": disabled})
}

// User returns the account with the given name.
func (s *Store) User(ctx context.Context, name string) (*doublerandom.User, error) {
	us, err := s.users(ctx, `WHERE name = ?`, name)
	if err != nil {
		return nil, err
	}
	if len(us) == 0 {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "no account %s", name)
	}
	return &us[0], nil
}

// Users returns every account, ordered by name.
func (s *Store) Users(ctx context.Context) ([]doublerandom.User, error) {
	return s.users(ctx, ``)
}

func (s *Store) users(ctx context.Context, where string, args ...any) ([]doublerandom.User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users `+where+` ORDER BY name`, args...)
	if err != nil {
		return nil, fmt.Errorf("users: %w", err)
	}
	defer rows.Close()
	var out []doublerandom.User
	for rows.Next() {
		var (
			u        doublerandom.User
			disabled int
			created  string
		)
		if err := rows.Scan(&u.Name, &u.Dept, &u.Role, &u.InspectorID, &u.PasswordHash, &disabled,
			&created); err != nil {
			return nil, fmt.Errorf("scan user: %w", err)
		}
		u.Disabled = disabled != 0
		if u.CreatedAt, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("user %s: %w", u.Name, err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CreateSession stores a new session of an account under the SHA-256 of its
// token, valid until expires, and records the sign-in in the audit log.
func (t *Tx) CreateSession(ctx context.Context, tokenSHA256, user, address string,
	now, expires time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO sessions (token_sha256, user_name, created_at, expires_at,
address) VALUES (?, ?, ?, ?, ?)`, tokenSHA256, user, formatTime(now), formatTime(expires), address)
	if err != nil {
		return fmt.Errorf("create session of %s: %w", user, err)
	}
	return t.Audit(ctx, "session.login", "user/"+user, nil, map[string]string{"address": address})
}

// DeleteSession ends a session and records the sign-out. Ending a session
// that does not exist is not an error.
func (t *Tx) DeleteSession(ctx context.Context, tokenSHA256 string) error {
	var user string
	err := t.tx.QueryRowContext(ctx, t.s.rebind(`SELECT user_name FROM sessions
WHERE token_sha256 = ?`), tokenSHA256).Scan(&user)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	_, err = t.exec(ctx, `DELETE FROM sessions WHERE token_sha256 = ?`, tokenSHA256)
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return t.Audit(ctx, "session.logout", "user/"+user, nil, nil)
}

// SessionUser returns the enabled account holding the session whose token
// has the given SHA-256, or a not-found error when there is no such session
// or it has expired at now.
func (s *Store) SessionUser(ctx context.Context, tokenSHA256 string,
	now time.Time) (*doublerandom.User, error) {
	return s.tokenUser(ctx, "sessions", tokenSHA256, now)
}

// AddAPIToken stores an API token of an account for scripts, valid until
// expires; the client sends it as "Authorization: Bearer TOKEN".
func (t *Tx) AddAPIToken(ctx context.Context, tokenSHA256, user, label string,
	now, expires time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO api_tokens (token_sha256, user_name, label, created_at,
expires_at) VALUES (?, ?, ?, ?, ?)`, tokenSHA256, user, label, formatTime(now), formatTime(expires))
	if err != nil {
		return fmt.Errorf("add API token of %s: %w", user, err)
	}
	return t.Audit(ctx, "token.add", "user/"+user, nil, map[string]string{"label": label,
		"expires": formatTime(expires)})
}

// TokenUser returns the enabled account holding the API token whose SHA-256
// is given, or a not-found error when there is none or it has expired.
func (s *Store) TokenUser(ctx context.Context, tokenSHA256 string,
	now time.Time) (*doublerandom.User, error) {
	return s.tokenUser(ctx, "api_tokens", tokenSHA256, now)
}

// tokenUser looks a token up in table (sessions or api_tokens, never user
// input).
func (s *Store) tokenUser(ctx context.Context, table, tokenSHA256 string,
	now time.Time) (*doublerandom.User, error) {
	var name, expires string
	err := s.queryRow(ctx, `SELECT user_name, expires_at FROM `+table+` WHERE token_sha256 = ?`,
		tokenSHA256).Scan(&name, &expires)
	if err != nil {
		return nil, notFound(err, "no such session")
	}
	exp, err := parseTime(expires)
	if err != nil {
		return nil, fmt.Errorf("session expiry: %w", err)
	}
	if !now.Before(exp) {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "the session has expired")
	}
	u, err := s.User(ctx, name)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, doublerandom.Errorf(doublerandom.ENOTFOUND, "the account is disabled")
	}
	return u, nil
}

// DeleteExpiredSessions removes sessions that expired before now and returns
// how many. Expired sessions are already refused; this only keeps the table
// small.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	rows, err := s.query(ctx, `SELECT token_sha256, expires_at FROM sessions`)
	if err != nil {
		return 0, fmt.Errorf("expired sessions: %w", err)
	}
	var old []string
	for rows.Next() {
		var h, exp string
		if err := rows.Scan(&h, &exp); err != nil {
			rows.Close()
			return 0, err
		}
		if t, err := parseTime(exp); err != nil || !now.Before(t) {
			old = append(old, h)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, h := range old {
		if _, err := s.exec(ctx, `DELETE FROM sessions WHERE token_sha256 = ?`, h); err != nil {
			return 0, fmt.Errorf("delete expired session: %w", err)
		}
	}
	return int64(len(old)), nil
}
