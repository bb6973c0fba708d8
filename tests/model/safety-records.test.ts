import { safetyRules } from './safety-rules';

safetyRules('records');
