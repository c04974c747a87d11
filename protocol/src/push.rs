//! Push notifications (modelled on Zendesk's mobile SDK): device registration, and the payload
//! a push carries for the SDK.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceType {
    Android,
    Ios,
    #[serde(other)]
    Unknown,
}

impl DeviceType {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceType::Android => "android",
            DeviceType::Ios => "ios",
            DeviceType::Unknown => "unknown",
        }
    }
}

/// A device that receives the user's pushes. The SDK sends `identifier`, `device_type` and
/// `locale`; the helpdesk answers with the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushDevice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// The push token (FCM registration token, APNs device token).
    pub identifier: String,
    pub device_type: DeviceType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Agent views only: whose device it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// Body of `POST /api/mobile/push_notification_devices.json`, and of its 201 answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushDeviceEnvelope {
    pub push_notification_device: PushDevice,
}

/// Agent side (reference server): every registered device.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PushDevicesPage {
    pub push_notification_devices: Vec<PushDevice>,
}

/// What a push is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushKind {
    /// An agent answered or changed a ticket: `ticket_id` names it.
    TicketUpdated,
    /// A live-messaging message: `conversation_id` names the conversation.
    Message,
    #[serde(other)]
    Unknown,
}

/// The SDK's part of a push payload: `{"helpline": {...}}` beside whatever else the app sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushPayload {
    pub helpline: PushData,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushData {
    pub kind: PushKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<u64>,
}

/// Reference server, agent side: a push the helpdesk sent to one device. A production
/// helpdesk hands it to FCM or APNs; the reference server keeps it, for tests and the demo to
/// deliver to the SDK's `handle_push`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentPush {
    pub id: u64,
    /// The device's push token.
    pub identifier: String,
    pub device_type: DeviceType,
    pub user_id: u64,
    pub payload: PushPayload,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SentPushesPage {
    pub push_notifications: Vec<SentPush>,
}
