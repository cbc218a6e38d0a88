// Every limit, timeout and default of the wire protocol, in one place. docs/PROTOCOL.md ("Limits and
// timeouts") lists the same values; a flag named in a comment can override the value at run time.
// Sizes are in bytes (UTF-8 for text) unless the name says otherwise.

// ── Framing ─────────────────────────────────────────────────────────────────────────────────────

/** Longest line, not counting its "\n", in every line-framed protocol: bounds a receiver's buffer. */
export const MAX_LINE_BYTES = 65_536;
/** Largest `len` of one data frame: big enough for speed, small enough to interleave chat. */
export const MAX_DATA_CHUNK = 262_144;
/** The chunk size senders use by default: a good trade between header overhead and chat latency. */
export const DEFAULT_DATA_CHUNK = 65_536;

// ── Message fields ──────────────────────────────────────────────────────────────────────────────

/** Usernames: lowercase ASCII, starting with a letter, so they are safe in paths, logs and URLs. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9_-]{2,31}$/;
/** Shortest username (characters = bytes, the pattern is ASCII). */
export const USERNAME_MIN_LENGTH = 3;
/** Longest username: keeps rosters and log lines short. */
export const USERNAME_MAX_LENGTH = 32;
/** Shortest password, in Unicode code points: fewer is guessable in minutes. */
export const PASSWORD_MIN_CHARS = 8;
/** Longest password, in Unicode code points: bounds the hashing work one request can cause. */
export const PASSWORD_MAX_CHARS = 128;
/** Lowest port a peer may announce (0 means "any" when binding, never an address to dial). */
export const PORT_MIN = 1;
/** Highest TCP/UDP port number. */
export const PORT_MAX = 65_535;
/** Request ids: a non-negative 31-bit integer fits every language's int. */
export const MAX_REQUEST_ID = 2 ** 31 - 1;
/** Request ids given as strings: enough for a UUID with a prefix. */
export const MAX_ID_BYTES = 64;
/**
 * The most bytes JSON needs for one UTF-8 byte of a string: a control character is written as six
 * (U+0001 becomes \u0001). Every text limit below is sized so that its message fits in one line even
 * then.
 */
export const MAX_ESCAPED_BYTES_PER_BYTE = 6;
/**
 * Longest chat message, in UTF-8 bytes of the text itself: a few screens. Escaped at worst it takes
 * 6 × 8192 = 49152 bytes, so the chat line (with the longest escaped `id`) stays within MAX_LINE_BYTES.
 */
export const MAX_CHAT_TEXT = 8_192;
/** Longest human-readable text in an error (`message`): one sentence, not a dump. */
export const MAX_ERROR_TEXT = 1_024;
/** Longest free-text reason (`bye`): a few words. */
export const MAX_REASON_TEXT = 200;
/** Longest file name: NAME_MAX of common file systems. */
export const MAX_FILE_NAME_BYTES = 255;
/** Longest host string (a DNS name is at most 253 characters). */
export const MAX_HOST_BYTES = 255;
/** Largest file size the protocol can express exactly in a JSON number (2^53 − 1). */
export const MAX_FILE_SIZE = Number.MAX_SAFE_INTEGER;
/** Session and transfer ids: short tokens of [A-Za-z0-9_-], safe anywhere. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** A SHA-256 digest as written on the wire: 64 lowercase hex digits. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
/** Timestamps are UTC ISO 8601 as Date.prototype.toISOString writes them. */
export const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

// ── Tracker ─────────────────────────────────────────────────────────────────────────────────────

/** Where the tracker listens unless told otherwise (--host): loopback, safe for a lab machine. */
export const DEFAULT_TRACKER_HOST = '127.0.0.1';
/** The tracker's well-known port (--port); peers assume it (--tracker). */
export const DEFAULT_TRACKER_PORT = 9876;
/** The tracker's account and session store (--db). */
export const DEFAULT_TRACKER_DB = 'data/tracker.db';
/** Protocol version announced in the tracker's hello; a peer that does not know it disconnects. */
export const PROTOCOL_VERSION = 1;
/** The server name in the tracker's hello. */
export const SERVER_NAME = 'sharing-is-caring';
/** Consecutive failed logins that lock a username: stops password guessing. */
export const LOCKOUT_FAILURES = 3;
/** How long a locked username stays locked (--lockout-ms). */
export const LOCKOUT_MS = 60_000;
/** Failed register/login replies after which the tracker closes the connection. */
export const MAX_ATTEMPTS_PER_CONNECTION = 5;
/** Open tracker connections per client IP address (--max-per-ip): one machine cannot exhaust it. */
export const MAX_CONNECTIONS_PER_IP = 64;
/** Users in one `roster` reply: 500 of the longest entries (~110 bytes) stay well inside one line. */
export const ROSTER_PAGE = 500;
/** Largest `offset` of a `list` and `total` of a `roster`: far above any tracker's online set. */
export const MAX_ROSTER_OFFSET = 1_000_000;
/** Messages one tracker connection may send per window before getting SLOW_DOWN. */
export const RATE_LIMIT_MESSAGES = 100;
/** The rate limit's fixed window. */
export const RATE_LIMIT_WINDOW_MS = 1_000;
/** A connection must log in within this time after connecting (--idle-timeout). */
export const HANDSHAKE_TIMEOUT_MS = 30_000;
/** A peer sends ping after this long without sending anything to the tracker. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** The tracker drops a logged-in connection silent this long (--heartbeat-timeout): 3 missed pings. */
export const HEARTBEAT_TIMEOUT_MS = 30_000;

// ── Tickets and sessions ────────────────────────────────────────────────────────────────────────

/** Random bytes in a ticket: 128 bits cannot be guessed. */
export const TICKET_BYTES = 16;
/** A ticket in base64url without padding: 16 bytes → 22 characters. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** How long a ticket can be used (--ticket-ttl): long enough to dial, short enough to be useless later. */
export const TICKET_TTL_MS = 30_000;
/** A callee waits this long for the tracker's incoming push when a hello arrives first (a race). */
export const TICKET_GRACE_MS = 2_000;
/** A session not confirmed by both peers within 2 × the ticket TTL is forgotten by the tracker. */
export const PENDING_SESSION_TTL_MS = 2 * TICKET_TTL_MS;
/** Active plus pending sessions per user: bounds the `sessions` reply and per-user state. */
export const MAX_SESSIONS_PER_USER = 16;

// ── Files ───────────────────────────────────────────────────────────────────────────────────────

/** Files one peer may announce with share: keeps the tracker's index bounded. */
export const MAX_SHARED_FILES = 1_000;
/** Names in one whohas: a /get of a whole folder still fits one reply line. */
export const MAX_WHOHAS_NAMES = 32;
/** Holders listed per name in a holders reply: enough to fail over, small enough to fit one line. */
export const MAX_HOLDERS_PER_FILE = 5;
/** File reports in one close_session: keeps a history entry well inside one line. */
export const MAX_SESSION_FILES = 20;
/** Sessions in one history reply, newest first (fewer if they do not fit one line). */
export const MAX_HISTORY_SESSIONS = 50;
/** Uploads a peer serves at once before answering AT_CAPACITY (--max-uploads). */
export const DEFAULT_MAX_UPLOADS = 2;
/** Files a peer downloads at once for one /get. */
export const MAX_PARALLEL_DOWNLOADS = 4;
/** A download that gets no byte for this long is abandoned for the next holder (--stall-timeout). */
export const STALL_TIMEOUT_MS = 10_000;
/** Largest file the reference peer accepts (4 GiB); bigger offers are declined with TOO_LARGE. */
export const DEFAULT_MAX_RECEIVE_SIZE = 4 * 1024 ** 3;
/** How long a quitting peer waits for the tracker's ok to logout before it exits anyway. */
export const LOGOUT_WAIT_MS = 2_000;
/** How long a peer's dial (tracker or another peer) may take before CONNECT_FAILED. */
export const CONNECT_TIMEOUT_MS = 10_000;

// ── Rooms (Lab 06) ──────────────────────────────────────────────────────────────────────────────

/**
 * A room's code as the tracker hands it out: 12 Crockford base32 characters (60 random bits) in three
 * groups, lowercase. A code a person types is matched ignoring case, "-" and spaces, with O read as 0
 * and I and L as 1 (roomCodeKey in kit/protocol/room-code.ts).
 */
export const ROOM_CODE_PATTERN = /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/;
/** A code as sent in a request: whatever a person typed, within reason. */
export const MAX_ROOM_CODE_BYTES = 64;
/** Wrong room codes one connection may try; the next is TOO_MANY_ATTEMPTS and the close. */
export const MAX_ROOM_GUESSES = 5;
/** Rooms a user is in at once (TOO_MANY_ROOMS beyond). */
export const MAX_ROOMS_PER_USER = 8;
/** Members a room holds (ROOM_FULL beyond): its member list still fits one line. */
export const MAX_ROOM_MEMBERS = 1_000;
/** A room's topic, free text the creator may give. */
export const MAX_ROOM_TOPIC = 256;
/** Room lines a member's connection may have queued and not yet taken; over it, the member is removed. */
export const ROOM_QUEUE_BYTES = 256 * 1024;
/** Room messages a user may send per ROOM_RATE_WINDOW_MS (SLOW_DOWN beyond). */
export const ROOM_RATE = 20;
export const ROOM_RATE_WINDOW_MS = 10_000;
/** The highest seq a room's messages reach: a room that got there accepts no more. */
export const MAX_ROOM_SEQ = Number.MAX_SAFE_INTEGER;
/** How long a room_whohas stays open: answers after it are dropped. */
export const ROOM_ASK_TTL_MS = 10_000;

// ── The relay (Lab 06) ──────────────────────────────────────────────────────────────────────────

/** The relay's port (--port of relay.ts), next to the tracker's. */
export const DEFAULT_RELAY_PORT = 9877;
/** Relayed sessions at once, waiting for a partner or paired (--max-sessions); RELAY_FULL beyond. */
export const MAX_RELAYED_SESSIONS = 16;
/** How long one side of a session waits at the relay for the other (--pair-timeout-ms). */
export const RELAY_PAIR_TIMEOUT_MS = TICKET_TTL_MS;
/** A relay token as sent in relay_join: SESSION.SIDE.EXPIRES.MAC fits well within it. */
export const MAX_RELAY_TOKEN_BYTES = 256;
/**
 * Bytes of one direction of a session the relay may hold in its own memory: beyond that it stops
 * reading the sender until the receiver has taken them (backpressure), so a fast sender cannot fill it.
 */
export const RELAY_MAX_BUFFERED_BYTES = 1024 * 1024;
/** The most plaintext one sealed record between two peers carries through the relay (as TLS). */
export const RELAY_RECORD_MAX_PLAINTEXT = 16_384;

// ── Password hashing (tracker storage only; never on the wire) ─────────────────────────────────

/** scrypt cost parameters: ~50 ms and 16 MiB per hash, so guessing offline is slow. */
export const SCRYPT_PARAMS = { N: 16_384, r: 8, p: 1 } as const;
/** Random salt per account: equal passwords get different hashes. */
export const SCRYPT_SALT_BYTES = 16;
/** Length of the stored scrypt key. */
export const SCRYPT_KEY_BYTES = 64;

// ── UDP transfer (Lab 04 step 7) ────────────────────────────────────────────────────────────────

/** Version byte of every datagram; others are dropped. */
export const UDP_VERSION = 1;
/** Fixed header: version, type, payload length, transfer id, seq, CRC-32. */
export const UDP_HEADER_BYTES = 16;
/** Largest payload: header + payload stays under a 1280-byte IPv6 minimum MTU, so no fragmentation. */
export const UDP_MAX_PAYLOAD = 1_200;
/** Retransmission timeout (--timeout-ms): a loopback round trip is far below 1 ms. */
export const UDP_DEFAULT_TIMEOUT_MS = 50;
/** Sender window in packets (--window). */
export const UDP_DEFAULT_WINDOW = 32;
/** Largest window: more only fills the receiver's socket buffer. */
export const UDP_MAX_WINDOW = 1_024;
/** A sender gives up after this long without any progress (no new acknowledgement). */
export const UDP_GIVE_UP_MS = 10_000;
/** After FIN_ACK a receiver stays to answer repeated FINs until none came for this long. */
export const UDP_LINGER_MS = 2_000;
/** A receiver forgets an unfinished transfer that sent nothing for this long. */
export const UDP_RECEIVER_IDLE_MS = 30_000;
