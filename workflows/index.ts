import { AnyStateMachine } from 'xstate';
import { basisscanMachine, BASISSCAN_MACHINE_ID, BASISSCAN_MACHINE_VERSION } from './basisscan.machine';

export interface RegisteredMachine {
  id: string;
  version: string;
  title: string;
  machine: AnyStateMachine;
}

/**
 * Every machine version the service can run or restore. A running case keeps the version it
 * started with, so old versions stay listed here; a snapshot of a version not listed fails closed.
 */
export const MACHINES: readonly RegisteredMachine[] = [
  { id: BASISSCAN_MACHINE_ID, version: BASISSCAN_MACHINE_VERSION, title: 'Basisscan integriteit en VOG', machine: basisscanMachine },
];

export function findMachine(id: string, version: string): RegisteredMachine | undefined {
  return MACHINES.find((m) => m.id === id && m.version === version);
}
