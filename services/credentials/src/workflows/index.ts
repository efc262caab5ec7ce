export { rotateCredentialWorkflow } from './rotate-credential.workflow';
export { rotationRemindersWorkflow } from './rotation-reminders.workflow';
