import { requiredEnv } from '../platform/aws-clients.ts';
import { emailSending } from '../platform/resources.ts';

/** The environment's email settings, read once when a function starts (a missing one stops it starting). */
export const composeSettings = () => ({ sender: requiredEnv(emailSending.senderEnv) });
export const sendSettings = () => ({ ...composeSettings(), configurationSet: requiredEnv(emailSending.configurationSetEnv) });
