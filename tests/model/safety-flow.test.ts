import { safetyRules } from './safety-rules';

safetyRules('flow');
