-- 'Ana' and 'ana' would be two accounts that people, pages and logs cannot tell apart: a name is
-- taken whatever its case. Sign-in still matches the stored name exactly. Names are ASCII (V2's
-- check), so lower() means the same under every collation. A database that already holds two
-- such names stops here, naming them; delete all but one of each and start again.
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
