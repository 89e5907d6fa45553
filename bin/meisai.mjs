#!/usr/bin/env node
// The installed `meisai` command: the CLI from the sources, run through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/run.ts');
