// The notification worker and its producer (the web app's "send test notification").
export { deliverNotification } from "./deliver";
export { messageOf } from "./message";
export { deliveryJobId, enqueueNotification } from "./queue";
export { requestFor, signatureOf } from "./requests";
export { startNotificationWorker, type TNotificationWorkerOptions } from "./worker";
