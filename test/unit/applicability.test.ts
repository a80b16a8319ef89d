import { describe, expect, it } from 'vitest';
import { alertNameSymptoms, isStopWord, textWords } from '../../shared/playbooks/applicability';

describe('applicability words', () => {
  it("splits alert names and drops the glue: an alert name's words are what it is about", () => {
    expect(alertNameSymptoms('AlertmanagerClusterFailedToSendAlerts')).toEqual([
      'alertmanager',
      'cluster',
      'failed',
      'send',
    ]);
    expect(alertNameSymptoms('KubeNodeNotReady')).toEqual(['kube', 'node', 'ready']);
    expect(alertNameSymptoms('etcdGRPCRequestsSlow')).toEqual(['etcd', 'grpc', 'requests', 'slow']);
  });

  it('keeps stop words in the word sequence (for phrases), folds plurals, and joins split identifiers', () => {
    expect(textWords('Host app01 is NOT responding')).toEqual(['host', 'app01', 'is', 'not', 'responding']);
    expect(textWords('accounts lockouts')).toEqual(['account', 'lockout']);
    expect(textWords('HTTPS errors')).toEqual(['https', 'error']);
    expect(textWords('KubeNodeNotReady: node-3')).toEqual([
      'kube',
      'node',
      'not',
      'ready',
      'kubenode',
      'nodenot',
      'notready',
      'node',
      '3',
    ]);
  });

  it('treats monitoring boilerplate as stop words', () => {
    for (const w of ['alert', 'critical', 'problem', 'service', 'host', 'to', 'the'])
      expect(isStopWord(w)).toBe(true);
    for (const w of ['disk', 'ransomware', 'failed', 'ping']) expect(isStopWord(w)).toBe(false);
  });
});
