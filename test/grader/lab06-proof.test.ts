// The grader proves itself on Lab 06's rooms and relay (see proof-of-lab.ts).
import { roomsAndRelayLab } from '../../grader/labs/06-rooms-and-relay/lab.ts';
import { peerRoomsMutants, roomsMutants } from '../../grader/labs/06-rooms-and-relay/mutants.ts';
import { relayMutants } from '../../grader/labs/06-rooms-and-relay/relay-mutants.ts';
import { proveLab } from './proof-of-lab.ts';

proveLab(roomsAndRelayLab, [...roomsMutants, ...peerRoomsMutants, ...relayMutants], { everyCheckHasMutant: true });
