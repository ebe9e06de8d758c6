#!/usr/bin/env bash
# Records tests/data/wordpress-wxr-6.1.xml: a real WordPress export (WXR), made
# by running Debian's WordPress package against a private, throw-away MariaDB.
#
#   scripts/record-wordpress-export.sh            # writes tests/data/wordpress-wxr-6.1.xml
#   scripts/record-wordpress-export.sh OUT.xml    # writes OUT.xml ('-' for stdout)
#
# What it does:
#   1. installs what is missing: wordpress, php-cli, php-mysql, and MariaDB's
#      server and client binaries (mariadb-server-core, mariadb-client-core:
#      the binaries of mariadb-server without its system service, which this
#      script never starts, stops or reads);
#   2. starts a private mariadbd: its own datadir and socket under a mktemp
#      directory, no TCP port (--skip-networking), no option files;
#   3. installs WordPress into it with PHP CLI and WordPress's own wp_install(),
#      from /usr/share/wordpress as Debian ships it, with our own stand-in for
#      wp-config.php (so /etc/wordpress is neither read nor written) and a
#      temporary wp-content; outgoing HTTP is blocked and mail is dropped;
#   4. makes users, posts, a page and comments through WordPress's own API
#      (wp_insert_user, wp_insert_post, wp_new_comment, wp_set_comment_status,
#      wp_spam_comment, wp_trash_comment), every date fixed;
#   5. runs WordPress's own export_wp() (wp-admin/includes/export.php) in a
#      fresh PHP process and writes what it prints to the output file;
#   6. stops mariadbd by its PID and removes the temporary directory.
#
# Two runs give the same file except for two lines of WordPress's own:
#   <!-- generator="WordPress/6.1.9" created="YYYY-MM-DD HH:MM" -->
#   <pubDate>...</pubDate> of the <channel> (the time of the export)
# (post and comment dates are fixed; the time in the trash/spam comment meta
# _wp_trash_meta_time is set to a fixed value after trashing).
#
# Takes about half a minute once the packages are there. Needs root or sudo
# only for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }

out=${1:-tests/data/wordpress-wxr-6.1.xml}

# 1. Packages.
need=()
for p in wordpress php-cli php-mysql mariadb-server-core mariadb-client-core; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -qx 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  say "installing ${need[*]}"
  $sudo apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "${need[@]}" >&2
fi
wp_root=/usr/share/wordpress
wp_version=$(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$wp_root/wp-includes/version.php")
say "WordPress $wp_version ($(dpkg-query -W -f='${Version}' wordpress)), PHP $(php -r 'echo PHP_VERSION;'), $(/usr/sbin/mariadbd --version | sed 's/^.*Ver //')"
case $wp_version in 6.1.*) ;; *) say "warning: the fixture's name says WordPress 6.1, this is $wp_version" ;; esac

# 2. A private MariaDB.
tmp=$(mktemp -d -t wp-export.XXXXXX)
db_pid=
cleanup() {
  if [ -n "$db_pid" ] && kill -0 "$db_pid" 2>/dev/null; then
    kill "$db_pid"
    for _ in $(seq 60); do kill -0 "$db_pid" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

me=$(id -un)
sock=$tmp/mysqld.sock
say "starting a private mariadbd in $tmp"
mariadb-install-db --no-defaults --datadir="$tmp/db" --user="$me" \
  --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve >"$tmp/install-db.log" 2>&1 \
  || { cat "$tmp/install-db.log" >&2; exit 1; }
/usr/sbin/mariadbd --no-defaults --datadir="$tmp/db" --socket="$sock" --skip-networking \
  --pid-file="$tmp/mysqld.pid" --log-error="$tmp/mysqld.err" --tmpdir="$tmp" --user="$me" \
  --innodb-buffer-pool-size=16M --performance-schema=OFF --skip-name-resolve &
db_pid=$!
for _ in $(seq 120); do
  mariadb --no-defaults --socket="$sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
  kill -0 "$db_pid" 2>/dev/null || { cat "$tmp/mysqld.err" >&2; exit 1; }
  sleep 0.5
done
mariadb --no-defaults --socket="$sock" -uroot <<'SQL'
CREATE DATABASE wordpress DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
CREATE USER 'wordpress'@'localhost' IDENTIFIED BY 'wordpress';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';
SQL

# 3. WordPress: a stand-in for wp-config.php, then wp_install().
mkdir -p "$tmp/wp-content/plugins" "$tmp/wp-content/themes" "$tmp/wp-content/uploads"
cat >"$tmp/config.php" <<'PHP'
<?php
// What wp-config.php would say; loaded instead of it (ABSPATH's wp-config.php
// is Debian's, which looks in /etc/wordpress).
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wordpress' );
define( 'DB_PASSWORD', 'wordpress' );
define( 'DB_HOST', 'localhost:' . getenv( 'WP_EXPORT_SOCKET' ) );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $k ) {
	define( $k, 'fixture-only ' . $k );
}
$table_prefix = 'wp_';
define( 'ABSPATH', getenv( 'WP_EXPORT_ROOT' ) . '/' );
define( 'WP_CONTENT_DIR', getenv( 'WP_EXPORT_CONTENT' ) );
define( 'WP_DEBUG', false );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );   // no pings, no update checks
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );

// A request to the site, as far as WordPress asks.
$_SERVER['HTTP_HOST']       = 'blog.example.org';
$_SERVER['SERVER_NAME']     = 'blog.example.org';
$_SERVER['HTTPS']           = 'on';
$_SERVER['SERVER_PORT']     = '443';
$_SERVER['REQUEST_URI']     = '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
$_SERVER['REMOTE_ADDR']     = '127.0.0.1';

// No MTA here: notifications (new site, new comment, moderation) are dropped.
function wp_mail( $to, $subject, $message, $headers = '', $attachments = array() ) {
	return true;
}

require_once ABSPATH . 'wp-settings.php';
PHP

cat >"$tmp/install.php" <<'PHP'
<?php
define( 'WP_INSTALLING', true );
require __DIR__ . '/config.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$r = wp_install( 'Marginalia', 'margaret', 'margaret@example.org', true, '', 'fixture-password-margaret', '' );
update_option( 'siteurl', 'https://blog.example.org' );
update_option( 'home', 'https://blog.example.org' );
// wp_install_defaults() made "Hello world!" (with its comment), "Sample Page"
// and a draft "Privacy Policy"; they are WordPress's, not ours.
foreach ( get_posts( array( 'post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1 ) ) as $p ) {
	wp_delete_post( $p->ID, true );
}
fwrite( STDERR, "installed: user {$r['user_id']}\n" );
PHP

cat >"$tmp/populate.php" <<'PHP'
<?php
require __DIR__ . '/config.php';

function fail( $what, $r ) {
	fwrite( STDERR, "$what: " . ( is_wp_error( $r ) ? $r->get_error_message() : var_export( $r, true ) ) . "\n" );
	exit( 1 );
}

update_option( 'blogdescription', 'Notes in the margins, and the replies to them' );
update_option( 'timezone_string', 'Europe/Berlin' );   // comment_date is local time, comment_date_gmt UTC
update_option( 'gmt_offset', '' );
update_option( 'admin_email', 'margaret@example.org' );
$GLOBALS['wp_rewrite']->set_permalink_structure( '/%year%/%monthnum%/%postname%/' );

// Users. Margaret is the one wp_install() made (administrator).
$margaret = get_user_by( 'login', 'margaret' )->ID;
$r = wp_update_user( array( 'ID' => $margaret, 'display_name' => 'Margaret Hale', 'first_name' => 'Margaret', 'last_name' => 'Hale', 'nickname' => 'Margaret Hale', 'user_url' => 'https://blog.example.org/about/' ) );
is_wp_error( $r ) && fail( 'margaret', $r );
$users = array( 'margaret' => $margaret );
foreach ( array(
	array( 'zoe', 'Zoë Ångström', 'Zoë', 'Ångström', 'editor', 'https://zoe.example.com/' ),
	array( 'kenji', '佐藤 健二', '健二', '佐藤', 'author', '' ),
	array( 'rahul', 'Rahul Verma', 'Rahul', 'Verma', 'subscriber', '' ),
) as list( $login, $display, $first, $last, $role, $url ) ) {
	$id = wp_insert_user( array(
		'user_login'      => $login,
		'user_pass'       => "fixture-password-$login",
		'user_email'      => "$login@example.org",
		'user_url'        => $url,
		'display_name'    => $display,
		'nickname'        => $display,
		'first_name'      => $first,
		'last_name'       => $last,
		'role'            => $role,
		'user_registered' => '2024-01-15 12:00:00',
	) );
	is_wp_error( $id ) && fail( "user $login", $id );
	$users[ $login ] = $id;
}

// Posts. Dates are given in UTC; the local one follows from the time zone.
function post( $author, $title, $name, $gmt, $content, $more = array() ) {
	global $users;
	wp_set_current_user( $users[ $author ] );
	$arr = array_merge( array(
		'post_author'    => $users[ $author ],
		'post_title'     => $title,
		'post_name'      => $name,
		'post_content'   => $content,
		'post_status'    => 'publish',
		'comment_status' => 'open',
		'ping_status'    => 'open',
	), $more );
	if ( $gmt ) {
		$arr['post_date_gmt'] = $gmt;
		$arr['post_date']     = get_date_from_gmt( $gmt );
	}
	$id = wp_insert_post( wp_slash( $arr ), true );
	is_wp_error( $id ) && fail( "post $title", $id );
	// What wp-cron's do_pings would have cleared (no cron and no network here).
	delete_post_meta( $id, '_pingme' );
	delete_post_meta( $id, '_encloseme' );
	return $id;
}

function para( ...$ps ) {
	return implode( "\n\n", array_map( function ( $p ) {
		return "<!-- wp:paragraph -->\n<p>$p</p>\n<!-- /wp:paragraph -->";
	}, $ps ) );
}

$about = post( 'margaret', 'About', 'about', '2024-02-20 08:00:00', para(
	'Marginalia is where I write down what I notice while reading, and where readers write back.'
), array( 'post_type' => 'page' ) );

$a = post( 'margaret', 'Hello, comments', 'hello-comments', '2024-03-02 09:30:00', para(
	'This post exists to collect comments: replies to replies, guests and registered readers, links, and a few that never made it past moderation.',
	'Say hello below &#8212; and reply to each other.'
), array( 'tags_input' => array( 'comments', 'threads' ) ) );

$b = post( 'zoe', 'Second post', 'second-post', '2024-04-10 14:00:00', para(
	'A second post, so that the comments above are not the only ones on the site.'
) );

$c = post( 'kenji', 'No comments', 'no-comments', '2024-05-01 06:15:00', para(
	'Nobody has said anything here, and comments are closed.'
), array( 'comment_status' => 'closed' ) );

// A draft: WordPress keeps its date "floating" (post_date_gmt 0000-00-00 00:00:00).
wp_set_current_user( $users['kenji'] );
$draft = wp_insert_post( wp_slash( array(
	'post_author'  => $users['kenji'],
	'post_title'   => 'Draft with a comment',
	'post_content' => para( 'Not finished yet.' ),
	'post_status'  => 'draft',
	'post_date'    => '2024-05-20 10:00:00',
) ), true );
is_wp_error( $draft ) && fail( 'draft', $draft );

// Comments, in the order they were "written", through wp_new_comment() as the
// comment form, the pingback server and the trackback endpoint use it: the
// current user decides the filters (kses for guests, rel="nofollow ugc").
// Then the moderation status is set as a moderator would.
$ids = array();
function comment( $key, $post, $gmt, $who, $content, $more = array() ) {
	global $ids, $users;
	if ( is_string( $who ) ) {   // a registered user
		$u = get_userdata( $users[ $who ] );
		wp_set_current_user( $u->ID );
		$who = array( $u->display_name, $u->user_email, $u->user_url, '192.0.2.1' );
		$user_id = $u->ID;
	} else {                     // a guest: name, e-mail, URL, IP
		wp_set_current_user( 0 );
		$user_id = 0;
	}
	$data = array_merge( array(
		'comment_post_ID'      => $post,
		'comment_author'       => $who[0],
		'comment_author_email' => $who[1],
		'comment_author_url'   => $who[2],
		'comment_author_IP'    => $who[3],
		'comment_agent'        => 'Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0',
		'comment_date'         => get_date_from_gmt( $gmt ),
		'comment_date_gmt'     => $gmt,
		'comment_content'      => $content,
		'comment_type'         => 'comment',
		'comment_parent'       => 0,
		'user_id'              => $user_id,
	), $more );
	if ( isset( $more['parent'] ) ) {
		$data['comment_parent'] = $ids[ $more['parent'] ];
		unset( $data['parent'] );
	}
	$status = isset( $data['status'] ) ? $data['status'] : 'approve';
	unset( $data['status'] );
	$id = wp_new_comment( wp_slash( $data ), true );
	( ! $id || is_wp_error( $id ) ) && fail( "comment $key", $id );
	$ids[ $key ] = $id;
	set_status( $key, $status );
	return $id;
}
function set_status( $key, $status ) {
	global $ids;
	$id = $ids[ $key ];
	if ( 'spam' === $status ) {
		$ok = wp_spam_comment( $id );
	} elseif ( 'trash' === $status ) {
		$ok = wp_trash_comment( $id );
	} elseif ( wp_get_comment_status( $id ) !== ( 'approve' === $status ? 'approved' : 'unapproved' ) ) {
		$ok = wp_set_comment_status( $id, $status );
	} else {
		$ok = true;   // wp_new_comment() already gave it that status
	}
	$ok || fail( "status $key $status", $ok );
	if ( 'spam' === $status || 'trash' === $status ) {
		update_comment_meta( $id, '_wp_trash_meta_time', 1712000000 );   // 2024-04-01 19:33:20 UTC, fixed
	}
}

$alice = array( 'Alice Walker', 'alice@example.com', 'https://alice.example.com/', '192.0.2.10' );
$bob   = array( 'Bob', 'bob@example.com', '', '198.51.100.7' );
$chris = array( "Chris O'Neil", 'chris@example.org', 'https://example.com/~chris/', '203.0.113.5' );
$dana  = array( 'Dana Whitfield', 'dana@example.com', '', '203.0.113.25' );
$jw    = array( 'Jürgen Weiß', 'juergen@example.org', 'https://juergen.example.org/?lang=de&ref=comments', '2001:db8::42' );
$eve   = array( 'Eve', 'eve@example.com', '', '198.51.100.99' );
$frank = array( 'Frank', 'frank@example.com', 'https://frank.example.com/blog/', '192.0.2.77' );
$spam  = array( 'Cheap Watches', 'sales@example.com', 'https://watches.example.com/', '198.51.100.200' );
$grace = array( 'Grace', 'grace@example.org', '', '203.0.113.80' );

// Post A: five levels deep on the first thread (WordPress's default thread_comments_depth is 5).
comment( 'a1', $a, '2024-03-02 10:05:00', $alice, 'Great post. This is exactly the kind of thing I wanted to read about.' );
// Line ends: replies written in wp-admin (sent by script) have LF, the comment form's <textarea> sends CRLF (a6).
comment( 'a2', $a, '2024-03-02 11:20:00', 'margaret', "Thanks, Alice! Glad it was useful.\n\nThe next post will be about trackbacks.", array( 'parent' => 'a1' ) );
comment( 'a3', $a, '2024-03-03 08:00:00', $bob, 'Replying to the reply: does threading keep working this deep?', array( 'parent' => 'a2' ) );
comment( 'a4', $a, '2024-03-03 09:12:30', 'zoe', 'It does. WordPress nests replies five levels deep unless you change the setting.', array( 'parent' => 'a3' ) );
comment( 'a5', $a, '2024-03-03 15:47:09', $chris,
	"<blockquote>WordPress nests replies five levels deep unless you change the setting.</blockquote>\n"
	. "<em>Five</em> is plenty. The option is called <code>thread_comments_depth</code>, see <a href=\"https://wordpress.example.org/support/discussion-settings/\">the discussion settings</a>. "
	. "In a regex you would write <code>\\d+</code>; and <strong>bold</strong> & <b>old bold</b> also survive. <script>alert(1)</script>",
	array( 'parent' => 'a4' ) );
// Plain text in paragraphs, CRLF line ends as a browser's <textarea> sends them.
comment( 'a6', $a, '2024-03-05 18:45:00', $dana,
	"I have three thoughts.\r\n\r\nFirst, plain text comments keep their blank lines.\r\n\r\nSecond, a single line break\r\nstays as it is too.\r\n\r\nThird: that's all." );
comment( 'a7', $a, '2024-03-06 07:30:00', 'rahul', 'Agreed on all three.', array( 'parent' => 'a6' ) );
comment( 'a8', $a, '2024-03-08 20:00:00', $jw, 'Schöne Grüße aus Köln! 🎉 Ça marche très bien — 日本語のコメントも大丈夫です。👍🏽' );
// An administrator's comment is not filtered: "]]>" stays as it is (the export has to split its CDATA).
comment( 'a9', $a, '2024-03-09 07:05:00', 'margaret',
	"Danke, Jürgen! 🙂 One for the code people: <code>if (a[b[0]]>0) { … }</code> is how a CDATA section would end.",
	array( 'parent' => 'a8' ) );
// Approved, replied to, then sent back to moderation: its reply stays approved.
comment( 'a10', $a, '2024-03-10 12:00:00', $eve, 'Is this thing on? First time commenting here.' );
comment( 'a11', $a, '2024-03-10 13:30:00', $frank, 'It is, Eve. Welcome!', array( 'parent' => 'a10' ) );
comment( 'a12', $a, '2024-03-11 03:14:15', $spam, 'Great article!!! Cheap watches at <a href="https://watches.example.com/">our shop</a>.', array( 'status' => 'spam' ) );
comment( 'a13', $a, '2024-03-12 16:00:00', $grace, 'Completely off topic, but does anyone know a good bakery near the station?' );
comment( 'a14', $a, '2024-03-12 16:40:00', 'zoe', 'Grace, maybe ask on the forum instead?', array( 'parent' => 'a13' ) );
// A pingback and a trackback, in the shape wp-includes/class-wp-xmlrpc-server.php and wp-trackback.php give them.
comment( 'a15', $a, '2024-03-15 09:00:00', array( 'Another Blog &raquo; Links for March', '', 'https://another.example.com/2024/03/links-for-march/', '192.0.2.200' ),
	'[&#8230;] Hello, comments is a nice test of threaded discussions. [&#8230;]',
	array( 'comment_type' => 'pingback', 'comment_agent' => 'The Incutio XML-RPC PHP Library -- WordPress/6.1.9' ) );
comment( 'a16', $a, '2024-03-17 21:00:00', array( 'Old Style Weblog', '', 'https://oldstyle.example.com/archives/2024/03/17/', '198.51.100.50' ),
	"<strong>Trackbacks still exist</strong>\n\nThis one came from a trackback ping to Hello, comments.",
	array( 'comment_type' => 'trackback', 'comment_agent' => '' ) );
comment( 'a17', $a, '2024-04-02 05:20:00', 'kenji', 'コメントありがとうございます。スレッドの表示を試しています。' );
// Later moderation.
set_status( 'a10', 'hold' );
set_status( 'a13', 'trash' );

// Post B: two approved comments.
comment( 'b1', $b, '2024-04-10 15:02:00', 'kenji', 'Nice to see a second post.' );
comment( 'b2', $b, '2024-04-11 08:30:00', $alice, 'Second comment on the second post.', array( 'parent' => 'b1' ) );

// The page.
comment( 'p1', $about, '2024-02-21 10:00:00', $frank, 'Hello Margaret, nice blog.' );

// The draft: WordPress keeps comments on posts that are not published.
comment( 'd1', $draft, '2024-05-20 11:00:00', 'margaret', 'Note to self: finish this.' );

wp_set_current_user( 0 );
fwrite( STDERR, 'made: ' . count( $users ) . ' users, posts ' . implode( ',', array( $about, $a, $b, $c, $draft ) ) . ', ' . count( $ids ) . " comments\n" );
PHP

cat >"$tmp/export.php" <<'PHP'
<?php
require __DIR__ . '/config.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
export_wp( array( 'content' => 'all' ) );
PHP

php_run() {
  WP_EXPORT_SOCKET=$sock WP_EXPORT_ROOT=$wp_root WP_EXPORT_CONTENT=$tmp/wp-content \
    php -d display_errors=stderr -d error_reporting='E_ALL & ~E_DEPRECATED' -d log_errors=0 "$@"
}

say "wp_install()"
php_run "$tmp/install.php" >&2
say "making users, posts and comments"
php_run "$tmp/populate.php" >&2

# 5. The export.
say "export_wp() > $out"
php_run "$tmp/export.php" >"$tmp/export.xml"
head -c 5 "$tmp/export.xml" | grep -q '^<?xml' || { say "the export does not start with <?xml:"; head -5 "$tmp/export.xml" >&2; exit 1; }
if [ "$out" = - ]; then
  cat "$tmp/export.xml"
else
  mkdir -p "$(dirname "$out")"
  cp "$tmp/export.xml" "$out"
fi
say "done: $(grep -c '<item>' "$tmp/export.xml") items, $(grep -c '<wp:comment>' "$tmp/export.xml") comments"
