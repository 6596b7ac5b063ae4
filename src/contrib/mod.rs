//! Django's contrib layer (Django: `django.contrib`): signed-cookie [`sessions`] and the
//! session auth hash of [`auth`]. Behind the `contrib` feature.

pub mod auth;
pub mod sessions;
