// Lab 06's mutants: realistic wrong rooms, each an exact edit of the reference, each caught by the
// check it names (test/grader/lab06-proof.test.ts).
import type { Mutant } from '../../engine/mutant.ts';

export const roomsMutants: Mutant[] = [
  {
    name: 'joiner-told-of-itself',
    bug: 'adds the joiner before telling the members, so the joiner gets its own room_presence joined',
    caughtBy: 'rooms.create-join',
    file: 'rooms-feature.ts',
    find: `        deliver(room, { type: 'room_presence', code: room.code, event: 'joined', username: peer.username });
        book.add(room, peer);`,
    replace: `        book.add(room, peer);
        deliver(room, { type: 'room_presence', code: room.code, event: 'joined', username: peer.username });`,
  },
  {
    name: 'code-must-be-lowercase',
    bug: 'finds a room only by the code exactly as handed out: an uppercase or spaced code is no room',
    caughtBy: 'rooms.create-join',
    file: 'room-book.ts',
    find: `    const key = roomCodeKey(typed);
    return key === undefined ? undefined : this.rooms.get(key);`,
    replace: `    const key = /^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/.test(typed) ? roomCodeKey(typed) : undefined;
    return key === undefined ? undefined : this.rooms.get(key);`,
  },
  {
    name: 'members-newest-first',
    bug: 'lists the members newest first',
    caughtBy: 'rooms.create-join',
    file: 'rooms-feature.ts',
    find: 'members: [...room.members.keys()] });',
    replace: 'members: [...room.members.keys()].reverse() });',
  },
  {
    name: 'rejoin-announced',
    bug: 'a member who joins again is announced to the others again',
    caughtBy: 'rooms.create-join',
    file: 'rooms-feature.ts',
    find: '        if (room.members.has(peer.username)) return roomReply(room);\n',
    replace: "        if (room.members.has(peer.username)) {\n          deliver(room, { type: 'room_presence', code: room.code, event: 'joined', username: peer.username }, peer.username);\n          return roomReply(room);\n        }\n",
  },
  {
    name: 'non-member-told',
    bug: 'tells a non-member who names a real room that they are not a member (which confirms the room exists)',
    caughtBy: 'rooms.private',
    file: 'rooms-feature.ts',
    find: `      room_say(peer, request) {
        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);`,
    replace: `      room_say(peer, request) {
        if (book.find(request.code) && !book.findAsMember(request.code, peer.username)) throw new RequestError('NO_SUCH_ROOM', 'you are not a member of this room');
        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);`,
  },
  {
    name: 'guesses-not-counted',
    bug: 'never counts wrong codes: a guesser may try forever',
    caughtBy: 'rooms.private',
    file: 'rooms-feature.ts',
    find: '    if (wrong > MAX_ROOM_GUESSES) {',
    replace: '    if (wrong > Number.MAX_SAFE_INTEGER) {',
  },
  {
    name: 'leave-without-membership',
    bug: 'lets anyone who knows a code leave it, answering ok to a non-member',
    caughtBy: 'rooms.private',
    file: 'rooms-feature.ts',
    find: `        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);
        leave(room, peer.username, 'left');`,
    replace: `        const room = book.find(request.code) ?? unknownRoom(peer);
        leave(room, peer.username, 'left');`,
  },
  {
    name: 'loss-reported-as-left',
    bug: 'reports every way of leaving as reason left',
    caughtBy: 'rooms.leaving',
    file: 'rooms-feature.ts',
    find: "leave(room, peer.username, reason === 'logout' ? 'disconnected' : 'lost');",
    replace: "leave(room, peer.username, 'left');",
  },
  {
    name: 'room-outlives-members',
    bug: 'keeps a room after its last member left, so its code still opens it',
    caughtBy: 'rooms.leaving',
    file: 'room-book.ts',
    find: '    if (room.members.size === 0) {',
    replace: '    if (room.members.size < 0) {',
  },
  {
    name: 'leaver-not-taken-out',
    bug: 'forgets to take a lost member out of its rooms',
    caughtBy: 'rooms.leaving',
    file: 'rooms-feature.ts',
    find: "      for (const room of book.roomsOf(peer.username)) leave(room, peer.username, reason === 'logout' ? 'disconnected' : 'lost');",
    replace: "      if (reason === 'logout') for (const room of book.roomsOf(peer.username)) leave(room, peer.username, 'disconnected');",
  },
  {
    name: 'sender-left-out',
    bug: 'does not send a message back to its sender (who then sees a list with gaps)',
    caughtBy: 'rooms.order',
    file: 'rooms-feature.ts',
    find: "deliver(room, { type: 'room_message', code: room.code, seq, from: peer.username, text: request.text, at: new Date().toISOString() });",
    replace: "deliver(room, { type: 'room_message', code: room.code, seq, from: peer.username, text: request.text, at: new Date().toISOString() }, peer.username);",
  },
  {
    name: 'seq-shared-by-rooms',
    bug: 'numbers messages with one counter for every room, so a room\'s seqs have gaps when another room talks',
    caughtBy: 'rooms.order',
    file: 'rooms-feature.ts',
    find: `        room.seq += 1;
        const seq = room.seq;`,
    replace: `        const counter = globalThis as { roomSeq?: number };
        counter.roomSeq = (counter.roomSeq ?? 0) + 1;
        const seq = counter.roomSeq;`,
  },
  {
    name: 'ok-seq-is-count',
    bug: 'answers room_say with the number of messages the sender said, not the message\'s place in the room',
    caughtBy: 'rooms.order',
    file: 'rooms-feature.ts',
    find: "        return { type: 'ok', re: 'room_say', seq };",
    replace: "        const said = ((globalThis as { said?: Map<string, number> }).said ??= new Map<string, number>());\n        said.set(peer.username, (said.get(peer.username) ?? 0) + 1);\n        return { type: 'ok', re: 'room_say', seq: said.get(peer.username)! };",
  },
  {
    name: 'no-queue-bound',
    bug: 'never looks at how much a member has not taken: a member who stops reading grows the tracker\'s memory without end',
    caughtBy: 'rooms.slow-member',
    file: 'rooms-feature.ts',
    find: '      if ((member.unsentBytes ?? 0) > ROOM_QUEUE_BYTES) tooSlow.push(member);',
    replace: '',
  },
  {
    name: 'slow-member-not-told',
    bug: 'removes a slow member without telling the others why (reason lost)',
    caughtBy: 'rooms.slow-member',
    file: 'rooms-feature.ts',
    find: "      leave(room, member.username, 'too_slow');",
    replace: "      leave(room, member.username, 'lost');",
  },
  {
    name: 'answers-from-anyone',
    bug: 'forwards a room_have from anyone who knows the code and the ask, member or not',
    caughtBy: 'rooms.whohas',
    file: 'rooms-feature.ts',
    find: `      room_have(peer, request) {
        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);`,
    replace: `      room_have(peer, request) {
        const room = book.find(request.code) ?? unknownRoom(peer);`,
  },
  {
    name: 'answered-twice',
    bug: 'forwards every answer of a holder, so the asker lists the same holder twice',
    caughtBy: 'rooms.whohas',
    file: 'rooms-feature.ts',
    find: ' && !open.answered.has(peer.username) &&',
    replace: ' &&',
  },
  {
    name: 'answer-any-name',
    bug: 'forwards an answer for another file name to the ask',
    caughtBy: 'rooms.whohas',
    file: 'rooms-feature.ts',
    find: ' && open.name === request.name &&',
    replace: ' &&',
  },
  {
    name: 'asker-asked-too',
    bug: 'asks the asker too',
    caughtBy: 'rooms.whohas',
    file: 'rooms-feature.ts',
    find: "deliver(room, { type: 'room_ask', code: room.code, ask, from: peer.username, name: request.name }, peer.username);",
    replace: "deliver(room, { type: 'room_ask', code: room.code, ask, from: peer.username, name: request.name });",
  },
  {
    name: 'answer-with-asker-address',
    bug: 'gives the asker its own address in the answer instead of the holder\'s',
    caughtBy: 'rooms.whohas',
    file: 'rooms-feature.ts',
    find: 'host: peer.host, port: peer.port });',
    replace: 'host: open.asker.host, port: open.asker.port });',
  },
  {
    name: 'nine-rooms',
    bug: 'lets a user into one room more than the limit (> instead of >=)',
    caughtBy: 'rooms.too-many',
    file: 'rooms-feature.ts',
    find: '    if (book.roomCount(peer.username) >= MAX_ROOMS_PER_USER) throw',
    replace: '    if (book.roomCount(peer.username) > MAX_ROOMS_PER_USER) throw',
  },
  {
    name: 'joins-not-counted',
    bug: 'limits the rooms a user makes, not the ones it joins',
    caughtBy: 'rooms.too-many',
    file: 'rooms-feature.ts',
    find: "        if (room.members.size >= MAX_ROOM_MEMBERS) throw new RequestError('ROOM_FULL', `the room has ${MAX_ROOM_MEMBERS} members already`);\n        roomForOneMore(peer);\n",
    replace: "        if (room.members.size >= MAX_ROOM_MEMBERS) throw new RequestError('ROOM_FULL', `the room has ${MAX_ROOM_MEMBERS} members already`);\n",
  },
  {
    name: 'room-rate-unlimited',
    bug: 'never limits room messages',
    caughtBy: 'rooms.rate',
    file: 'rooms-feature.ts',
    find: `        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);
        takeRate(peer);
        room.seq += 1;`,
    replace: `        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);
        room.seq += 1;`,
  },
  {
    name: 'rate-counted-after-delivery',
    bug: 'delivers a message before looking at the rate, so the refused one still reaches the room',
    caughtBy: 'rooms.rate',
    file: 'rooms-feature.ts',
    find: `        takeRate(peer);
        room.seq += 1;
        const seq = room.seq;
        deliver(room, { type: 'room_message', code: room.code, seq, from: peer.username, text: request.text, at: new Date().toISOString() });`,
    replace: `        room.seq += 1;
        const seq = room.seq;
        deliver(room, { type: 'room_message', code: room.code, seq, from: peer.username, text: request.text, at: new Date().toISOString() });
        takeRate(peer);`,
  },
  // Written from the spec by an outside reviewer's eye (not from the checks): each was a hole until
  // the check named was strengthened, or (say-guesses-not-counted) is a different path to a caught bug.
  {
    name: 'asks-not-rated',
    bug: 'room_whohas does not count toward ROOM_RATE',
    caughtBy: 'rooms.rate',
    file: 'rooms-feature.ts',
    find: `        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);
        takeRate(peer);
        const now = Date.now();`,
    replace: `        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);
        const now = Date.now();`,
  },
  {
    name: 'answer-for-another-room',
    bug: "room_have is matched to the ask by its id only: a member of another room answers with its own room's code",
    caughtBy: 'rooms.whohas',
    file: 'rooms-feature.ts',
    find: ' && !open.answered.has(peer.username) && room.members.get(open.asker.username) === open.asker;',
    replace: ' && !open.answered.has(peer.username);',
    also: [{ find: 'const forward = open && open.room === room && ', replace: 'const forward = open && ' }],
  },
  {
    name: 'rejoin-counted-at-limit',
    bug: 'counts rooms before seeing that the joiner is a member already: at 8 rooms, joining one of them again is TOO_MANY_ROOMS',
    caughtBy: 'rooms.too-many',
    file: 'rooms-feature.ts',
    find: `        const room = book.find(request.code) ?? unknownRoom(peer);
        if (room.members.has(peer.username)) return roomReply(room);`,
    replace: `        const room = book.find(request.code) ?? unknownRoom(peer);
        roomForOneMore(peer);
        if (room.members.has(peer.username)) return roomReply(room);`,
  },
  {
    name: 'code-lookalikes-not-folded',
    bug: 'matches codes ignoring case, dashes and spaces, but does not read O as 0 or I, L as 1',
    caughtBy: 'rooms.create-join',
    file: 'room-book.ts',
    find: `    const key = roomCodeKey(typed);
    return key === undefined ? undefined : this.rooms.get(key);`,
    replace: `    const key = typed.toLowerCase().replace(/[\\s-]/g, '');
    return this.rooms.get(key);`,
  },
  {
    name: 'say-guesses-not-counted',
    bug: "counts only room_join's wrong codes as guesses; a non-member's room_say is NO_SUCH_ROOM but not counted",
    caughtBy: 'rooms.private',
    file: 'rooms-feature.ts',
    find: `      room_say(peer, request) {
        const room = book.findAsMember(request.code, peer.username) ?? unknownRoom(peer);`,
    replace: `      room_say(peer, request) {
        const room = book.findAsMember(request.code, peer.username);
        if (!room) throw new RequestError('NO_SUCH_ROOM', NO_SUCH_ROOM);`,
  },
  {
    name: 'ask-never-closes',
    bug: 'forwards answers to an ask however late (ROOM_ASK_TTL_MS not enforced)',
    caughtBy: 'rooms.whohas',
    file: 'rooms-feature.ts',
    find: ' && open.until > Date.now() && ',
    replace: ' && ',
  },
];

export const peerRoomsMutants: Mutant[] = [
  {
    name: 'topic-dropped',
    bug: '/room new sends room_create without the topic typed after it',
    caughtBy: 'peer.room-commands',
    file: 'rooms-peer-feature.ts',
    find: "{ type: 'room_create', ...(rest.trim().length > 3 ? { topic: rest.trim().slice(3).trim() } : {}) }",
    replace: "{ type: 'room_create' }",
  },
  {
    name: 'join-first-word-only',
    bug: '/room join sends only the first word of the code, so a code read aloud in groups is cut',
    caughtBy: 'peer.room-commands',
    file: 'rooms-peer-feature.ts',
    find: "{ type: 'room_join', code: rest.trim().slice(4).trim() }",
    replace: "{ type: 'room_join', code }",
  },
  {
    name: 'say-collapses-spaces',
    bug: '/room say joins the words of the text with single spaces',
    caughtBy: 'peer.room-commands',
    file: 'rooms-peer-feature.ts',
    find: "const reply = await peer.tracker.request({ type: 'room_say', code, text: afterCode() });",
    replace: "const reply = await peer.tracker.request({ type: 'room_say', code, text: afterCode().split(/\\s+/).filter(Boolean).join(' ') });",
  },
  {
    name: 'room-errors-swallowed',
    bug: 'an error in answer to /room new or join is not printed',
    caughtBy: 'peer.room-commands',
    file: 'rooms-peer-feature.ts',
    find: "      if (reply.type !== 'room') return problem(reply);",
    replace: "      if (reply.type !== 'room') return;",
  },
  {
    name: 'leave-not-printed',
    bug: '/room leave prints nothing once the tracker said ok',
    caughtBy: 'peer.room-commands',
    file: 'rooms-peer-feature.ts',
    find: "return reply.type === 'ok' ? left(known(rooms, code), 'left') : problem(reply);",
    replace: "return reply.type === 'ok' ? void rooms.delete(known(rooms, code)) : problem(reply);",
  },
  {
    name: 'presence-reason-dropped',
    bug: 'prints room_presence without the reason a member left',
    caughtBy: 'peer.room-pushes',
    file: 'rooms-peer-feature.ts',
    find: ", ...(message.reason ? { reason: message.reason } : {}) }",
    replace: ' }',
  },
  {
    name: 'removal-ignored',
    bug: 'ignores room_removed: the user never learns it was removed, and /rooms still lists the room',
    caughtBy: 'peer.room-pushes',
    file: 'rooms-peer-feature.ts',
    find: "      } else if (message.type === 'room_removed') {\n        left(message.code, message.reason);\n      }",
    replace: '      }',
  },
  {
    name: 'members-frozen',
    bug: 'keeps each room\'s members as the join reply listed them: /rooms misses who came and went',
    caughtBy: 'peer.room-pushes',
    file: 'rooms-peer-feature.ts',
    find: "        if (room && message.event === 'joined') room.members.push(message.username);\n        if (room && message.event === 'left') room.members = room.members.filter((m) => m !== message.username);\n",
    replace: '',
  },
  {
    name: 'answers-every-ask',
    bug: 'answers every room_ask, also for a name it does not share (an empty file\'s size and hash)',
    caughtBy: 'peer.room-answers',
    file: 'rooms-peer-feature.ts',
    find: `  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile()) return;
  const sha256 = await sha256OfFile(path).catch(() => undefined);
  if (sha256 === undefined) return;`,
    replace: `  const info = (await lstat(path).catch(() => undefined)) ?? { size: 0, isFile: () => true };
  if (!info.isFile()) return;
  const sha256 = (await sha256OfFile(path).catch(() => undefined)) ?? 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';`,
  },
  {
    name: 'room-asks-ignored',
    bug: 'never answers a room_ask: the room never learns it has the file',
    caughtBy: 'peer.room-answers',
    file: 'rooms-peer-feature.ts',
    find: '        void answerAsk(peer, message);\n',
    replace: '',
  },
  {
    name: 'answer-size-of-name',
    bug: 'answers with the byte length of the name instead of the file\'s size',
    caughtBy: 'peer.room-answers',
    file: 'rooms-peer-feature.ts',
    find: 'name: ask.name, size: info.size, sha256 });',
    replace: "name: ask.name, size: Buffer.byteLength(ask.name), sha256 });",
  },
  {
    name: 'pick-no-failover',
    bug: '/pick N tries answer N only: a holder at capacity ends the download',
    caughtBy: 'peer.room-pick',
    file: 'room-asks.ts',
    find: '    await this.downloads.fetch(open.name, order);',
    replace: '    await this.downloads.fetch(open.name, order.slice(0, 1));',
  },
  {
    name: 'pick-then-from-first',
    bug: 'after answer N fails, goes back to answer 1 and on, skipping N',
    caughtBy: 'peer.room-pick',
    file: 'room-asks.ts',
    find: '    const order = [...open.answers.slice(n - 1), ...open.answers.slice(0, n - 1)];',
    replace: '    const order = [open.answers[n - 1]!, ...open.answers.filter((_, i) => i !== n - 1)];',
  },
  {
    name: 'pick-no-wrap',
    bug: 'tries answers N to the last and stops there, never the ones before N',
    caughtBy: 'peer.room-pick',
    file: 'room-asks.ts',
    find: '    const order = [...open.answers.slice(n - 1), ...open.answers.slice(0, n - 1)];',
    replace: '    const order = open.answers.slice(n - 1);',
  },
  {
    name: 'pick-counts-from-zero',
    bug: '/pick N starts at the answer after N (the list taken as counted from 0)',
    caughtBy: 'peer.room-pick',
    file: 'room-asks.ts',
    find: '    const order = [...open.answers.slice(n - 1), ...open.answers.slice(0, n - 1)];',
    replace: '    const order = [...open.answers.slice(n), ...open.answers.slice(0, n)];',
  },
  {
    name: 'pick-udp-over-tcp',
    bug: '/pick N udp ignores the word udp: the file comes in data frames, and no get carries udp_port',
    caughtBy: 'peer.room-pick-udp',
    file: 'room-asks.ts',
    find: '    if (udp) return this.udp.fetch(open.name, order);\n',
    replace: '',
  },
  {
    name: 'udp-trusts-meta',
    bug: 'takes whatever META announces and verifies the bytes against META\'s size and SHA-256 instead of the answer\'s',
    caughtBy: 'peer.room-pick-udp',
    file: 'udp-receiving.ts',
    find: '    if (meta.name !== name || meta.size !== size || meta.sha256 !== sha256) {',
    replace: '    if (meta.name !== name) {',
    also: [{ find: 'IncomingFile.create(downloads, saveAs, xfer, expected.size, expected.sha256);', replace: 'IncomingFile.create(downloads, saveAs, xfer, meta.size, meta.sha256);' }],
  },
  {
    name: 'udp-pick-stops-at-capacity',
    bug: '/pick N udp gives up when a holder is at capacity instead of trying the next answer',
    caughtBy: 'peer.room-pick-udp',
    file: 'udp-downloads.ts',
    find: '      if (last.ok) return;',
    replace: "      if (last.ok) return;\n      if (last.reason === 'AT_CAPACITY') break;",
  },
  {
    name: 'udp-verdict-kept',
    bug: 'saves the file received over UDP but never sends file_ok on the download connection',
    caughtBy: 'peer.room-pick-udp',
    file: 'udp-downloads.ts',
    find: "        link.send({ type: 'file_ok', xfer, sha256: end.sha256 });\n",
    replace: '',
  },
  {
    name: 'udp-holder-to-tcp-port',
    bug: 'the holder sends the datagrams to the port of the download connection instead of udp_port',
    caughtBy: 'peer.room-serve-udp',
    file: 'udp-uploads.ts',
    find: '{ address, port: get.udp_port }',
    replace: '{ address, port: link.socket.remotePort ?? get.udp_port }',
  },
  {
    name: 'udp-holder-ignores-udp-port',
    bug: 'the holder serves every get in data frames, udp_port or not (Lab 04\'s file feature, without UdpUploads)',
    caughtBy: 'peer.room-serve-udp',
    file: 'udp-file-feature.ts',
    find: 'readSharedFolder, UdpUploads });',
    replace: 'readSharedFolder });',
  },
  {
    name: 'udp-holder-any-source',
    bug: 'the holder\'s UDP socket takes answers from any address and port, so anyone who sees its META can acknowledge for the asker',
    caughtBy: 'peer.room-serve-udp',
    file: 'udp-sending.ts',
    find: '      if (from.address !== to.address || from.port !== to.port) return; // not the asker\'s socket\n',
    replace: '',
  },
  {
    name: 'udp-holder-no-slots',
    bug: 'the holder never refuses a get with udp_port: --max-uploads does not bound UDP uploads',
    caughtBy: 'peer.room-serve-udp',
    file: 'udp-uploads.ts',
    find: "    if (this.active >= this.maxUploads) return link.send(errorReply(get, 'AT_CAPACITY', `already sending ${this.active} files over UDP: try another holder`));\n",
    replace: '',
  },
  {
    name: 'udp-holder-slot-kept',
    bug: 'a UDP upload never gives its slot back, so after --max-uploads of them every get is AT_CAPACITY',
    caughtBy: 'peer.room-serve-udp',
    file: 'udp-uploads.ts',
    find: '      this.active -= 1;\n',
    replace: '',
  },
  {
    name: 'udp-holder-go-back-n',
    bug: 'the holder sends with Go-Back-N, not the Selective Repeat the asker expects',
    caughtBy: 'peer.room-serve-udp',
    file: 'udp-sending.ts',
    find: "mode: 'sr', window: UDP_DEFAULT_WINDOW",
    replace: "mode: 'gbn', window: UDP_DEFAULT_WINDOW",
  },
  {
    name: 'answers-numbered-from-zero',
    bug: 'numbers the answers from 0',
    caughtBy: 'peer.room-ask',
    file: 'room-asks.ts',
    find: '    const n = open.answers.length;\n',
    replace: '    const n = open.answers.length - 1;\n',
  },
  {
    name: 'answers-of-any-ask',
    bug: 'lists every room_answer, whatever ask it answers',
    caughtBy: 'peer.room-ask',
    file: 'room-asks.ts',
    find: '    if (!open || answer.ask !== open.ask) return;',
    replace: '    if (!open) return;',
  },
  {
    name: 'answers-list-never-restarts',
    bug: 'a new /room get adds to the list of the one before instead of starting a new one',
    caughtBy: 'peer.room-ask',
    file: 'room-asks.ts',
    find: '    this.latest = { code: reply.code, ask: reply.ask, name: reply.name, answers: [] };',
    replace: '    this.latest = { code: reply.code, ask: reply.ask, name: reply.name, answers: this.latest?.answers ?? [] };',
  },
  {
    name: 'get-first-word-only',
    bug: '/room get CODE NAME asks for the first word of NAME only',
    caughtBy: 'peer.room-ask',
    file: 'rooms-peer-feature.ts',
    find: "      if (action === 'get' && code && words.length > 0) return asks.ask(code, afterCode());",
    replace: "      if (action === 'get' && code && words.length > 0) return asks.ask(code, words[0]!);",
  },
  {
    name: 'pick-any-number',
    bug: '/pick does not check its number against the list: 0 or a number past the end still dials someone',
    caughtBy: 'peer.room-ask',
    file: 'room-asks.ts',
    find: '    if (!open || !(n >= 1 && n <= count)) {',
    replace: '    if (!open || count === 0) {',
  },
  // Outside-reviewer holes, each closed by strengthening the check named.
  {
    name: 'answer-follows-links',
    bug: 'answers a room_ask for a link in --shared (stat instead of lstat), so a link to a file outside is served',
    caughtBy: 'peer.room-answers',
    file: 'rooms-peer-feature.ts',
    find: '  const info = await lstat(path).catch(() => undefined);',
    replace: "  const info = await (await import('node:fs/promises')).stat(path).catch(() => undefined);",
  },
  {
    name: 'answer-unsafe-name',
    bug: 'answers a room_ask for any name that resolves to a file, ../ included (no safe-name check)',
    caughtBy: 'peer.room-answers',
    file: 'rooms-peer-feature.ts',
    find: '  if (folder === undefined || !isSafeFileName(ask.name)) return;',
    replace: '  if (folder === undefined || !ask.name) return;',
  },
  {
    name: 'leave-forgets-typed-form',
    bug: '/room leave forgets the room under the code as typed: typed in another form, /rooms still lists it',
    caughtBy: 'peer.room-commands',
    file: 'rooms-peer-feature.ts',
    find: "return reply.type === 'ok' ? left(known(rooms, code), 'left') : problem(reply);",
    replace: "return reply.type === 'ok' ? left(code, 'left') : problem(reply);",
  },
  {
    name: 'udp-asker-any-address',
    bug: "the asker takes datagrams from any address, not only the holder's",
    caughtBy: 'peer.room-pick-udp',
    needs: 'second-loopback-address',
    file: 'udp-receiving.ts',
    find: `    if (from.address.replace(/^::ffff:/, '') !== this.options.holder) return;
`,
    replace: '',
  },
];
