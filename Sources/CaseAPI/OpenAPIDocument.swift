/// The OpenAPI 3.1 description of the JSON API, served at `GET /api/v1/openapi.json`. A test checks that it lists
/// exactly the routes the server registers, and the reliability suite fuzzes the running server against it.
enum OpenAPIDocument {
    static let json = #"""
{
 "openapi": "3.1.0",
 "info": {
  "title": "tthc — administrative-procedure dossiers",
  "version": "1.0.0",
  "description": "JSON API of the TTHC case-handling service. Errors are application/problem+json with a Vietnamese and an English message. Timestamps are RFC 3339 with an offset."
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "security": [
  {
   "bearer": []
  }
 ],
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "description": "API token from `tthc user add`"
   }
  },
  "schemas": {
   "Problem": {
    "type": "object",
    "required": [
     "type",
     "title",
     "status",
     "detail",
     "message"
    ],
    "properties": {
     "type": {
      "type": "string"
     },
     "title": {
      "type": "string"
     },
     "status": {
      "type": "integer"
     },
     "detail": {
      "type": "string"
     },
     "field": {
      "type": [
       "string",
       "null"
      ]
     },
     "instance": {
      "type": [
       "string",
       "null"
      ]
     },
     "message": {
      "type": "object",
      "required": [
       "vi",
       "en"
      ],
      "properties": {
       "vi": {
        "type": "string"
       },
       "en": {
        "type": "string"
       }
      }
     }
    }
   },
   "Applicant": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "name",
     "kind"
    ],
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1,
      "maxLength": 200
     },
     "kind": {
      "type": "string",
      "enum": [
       "person",
       "organisation"
      ]
     },
     "id": {
      "type": [
       "string",
       "null"
      ]
     },
     "locality": {
      "type": [
       "string",
       "null"
      ]
     },
     "phone": {
      "type": [
       "string",
       "null"
      ]
     },
     "email": {
      "type": [
       "string",
       "null"
      ]
     },
     "address": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "Component": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "code",
     "digitized",
     "reused"
    ],
    "properties": {
     "code": {
      "type": "string",
      "minLength": 1
     },
     "digitized": {
      "type": "boolean"
     },
     "reused": {
      "type": "boolean"
     }
    }
   },
   "Registration": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "procedure",
     "channel",
     "applicant",
     "components"
    ],
    "properties": {
     "agency": {
      "type": "string",
      "description": "Agency code; implied for clerks"
     },
     "procedure": {
      "type": "string",
      "description": "Procedure code"
     },
     "channel": {
      "type": "string",
      "enum": [
       "direct",
       "online",
       "postal"
      ]
     },
     "applicant": {
      "$ref": "#/components/schemas/Applicant"
     },
     "components": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Component"
      }
     },
     "fee": {
      "type": "integer",
      "minimum": 0
     },
     "received_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time",
      "description": "RFC 3339 with offset; default now; within the last 31 days"
     },
     "postal_tracking": {
      "type": [
       "string",
       "null"
      ],
      "maxLength": 64
     }
    }
   },
   "Status": {
    "type": "object",
    "required": [
     "code",
     "portal_code",
     "label",
     "label_en"
    ],
    "properties": {
     "code": {
      "type": "string",
      "enum": [
       "new",
       "received",
       "refused",
       "in_progress",
       "supplement_requested",
       "fee_requested",
       "withdrawn",
       "stopped",
       "result_ready",
       "returned"
      ]
     },
     "portal_code": {
      "type": "integer"
     },
     "label": {
      "type": "string"
     },
     "label_en": {
      "type": "string"
     }
    }
   },
   "Reference": {
    "type": "object",
    "required": [
     "code",
     "name"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "name": {
      "type": "string"
     }
    }
   },
   "TimeLimit": {
    "type": "object",
    "required": [
     "value",
     "unit"
    ],
    "properties": {
     "value": {
      "type": "integer"
     },
     "unit": {
      "type": "string",
      "enum": [
       "working_days",
       "days",
       "working_hours"
      ]
     }
    }
   },
   "ProcedureRef": {
    "type": "object",
    "required": [
     "code",
     "name",
     "valid_from",
     "time_limit"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "valid_from": {
      "type": "string",
      "format": "date"
     },
     "time_limit": {
      "$ref": "#/components/schemas/TimeLimit"
     }
    }
   },
   "ApplicantOut": {
    "type": "object",
    "required": [
     "name",
     "kind"
    ],
    "properties": {
     "name": {
      "type": "string"
     },
     "kind": {
      "type": "string"
     },
     "id": {
      "type": [
       "string",
       "null"
      ]
     },
     "locality": {
      "type": [
       "string",
       "null"
      ]
     },
     "phone": {
      "type": [
       "string",
       "null"
      ]
     },
     "email": {
      "type": [
       "string",
       "null"
      ]
     },
     "address": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "RegistrationResult": {
    "type": "object",
    "required": [
     "code",
     "agency",
     "procedure",
     "channel",
     "status",
     "applicant",
     "components",
     "fee",
     "received_at",
     "due",
     "links"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "agency": {
      "$ref": "#/components/schemas/Reference"
     },
     "procedure": {
      "$ref": "#/components/schemas/ProcedureRef"
     },
     "channel": {
      "type": "string"
     },
     "status": {
      "$ref": "#/components/schemas/Status"
     },
     "applicant": {
      "$ref": "#/components/schemas/ApplicantOut"
     },
     "components": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Component"
      }
     },
     "fee": {
      "type": "integer"
     },
     "postal_tracking": {
      "type": [
       "string",
       "null"
      ]
     },
     "received_at": {
      "type": "string",
      "format": "date-time"
     },
     "effective_receipt_day": {
      "type": [
       "string",
       "null"
      ],
      "format": "date"
     },
     "due": {
      "type": "string",
      "format": "date-time"
     },
     "links": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      }
     }
    }
   },
   "TimelineEntry": {
    "type": "object",
    "required": [
     "sequence",
     "type",
     "at",
     "to_status",
     "label",
     "recorded_at",
     "fields"
    ],
    "properties": {
     "sequence": {
      "type": "integer"
     },
     "type": {
      "type": "string"
     },
     "at": {
      "type": "string",
      "format": "date-time"
     },
     "actor": {
      "type": [
       "string",
       "null"
      ]
     },
     "from_status": {
      "type": [
       "string",
       "null"
      ]
     },
     "to_status": {
      "type": "string"
     },
     "label": {
      "type": "string"
     },
     "recorded_at": {
      "type": "string",
      "format": "date-time"
     },
     "fields": {
      "type": "object"
     }
    }
   },
   "Dossier": {
    "type": "object",
    "required": [
     "code",
     "agency",
     "procedure",
     "channel",
     "online_full",
     "status",
     "applicant",
     "components",
     "fee",
     "received_at",
     "due",
     "clock",
     "result",
     "allowed_events",
     "links"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "agency": {
      "$ref": "#/components/schemas/Reference"
     },
     "procedure": {
      "$ref": "#/components/schemas/ProcedureRef"
     },
     "channel": {
      "type": "string"
     },
     "online_full": {
      "type": "boolean"
     },
     "status": {
      "$ref": "#/components/schemas/Status"
     },
     "applicant": {
      "$ref": "#/components/schemas/ApplicantOut"
     },
     "components": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Component"
      }
     },
     "fee": {
      "type": "integer"
     },
     "postal_tracking": {
      "type": [
       "string",
       "null"
      ]
     },
     "received_at": {
      "type": "string",
      "format": "date-time"
     },
     "effective_receipt_day": {
      "type": [
       "string",
       "null"
      ]
     },
     "due": {
      "type": "string",
      "format": "date-time"
     },
     "clock": {
      "type": "object",
      "required": [
       "original_due",
       "paused_working_seconds",
       "supplement_requests",
       "overdue"
      ],
      "properties": {
       "original_due": {
        "type": "string",
        "format": "date-time"
       },
       "paused_since": {
        "type": [
         "string",
         "null"
        ],
        "format": "date-time"
       },
       "paused_working_seconds": {
        "type": "integer"
       },
       "supplement_requests": {
        "type": "integer"
       },
       "overdue": {
        "type": "boolean"
       }
      }
     },
     "apology": {
      "type": [
       "object",
       "null"
      ],
      "properties": {
       "at": {
        "type": "string",
        "format": "date-time"
       },
       "new_due": {
        "type": [
         "string",
         "null"
        ],
        "format": "date-time"
       }
      }
     },
     "result": {
      "type": "object",
      "properties": {
       "ready_at": {
        "type": [
         "string",
         "null"
        ],
        "format": "date-time"
       },
       "electronic": {
        "type": [
         "boolean",
         "null"
        ]
       },
       "code": {
        "type": [
         "string",
         "null"
        ]
       },
       "returned_at": {
        "type": [
         "string",
         "null"
        ],
        "format": "date-time"
       },
       "return_channel": {
        "type": [
         "string",
         "null"
        ]
       }
      }
     },
     "allowed_events": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "links": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      }
     },
     "timeline": {
      "type": [
       "array",
       "null"
      ],
      "items": {
       "$ref": "#/components/schemas/TimelineEntry"
      }
     }
    }
   },
   "DossierPage": {
    "type": "object",
    "required": [
     "items"
    ],
    "properties": {
     "items": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/Dossier"
      }
     },
     "next_cursor": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "EventRequest": {
    "type": "object",
    "required": [
     "type"
    ],
    "description": "A case-log event line (CASE-LOG.md §1) without v, dossier and actor; `at` optional (default now). Fields by type: handed_over {from,to}; supplement_requested {reason}; fee_requested {amount}; fee_paid {amount, online}; component_digitized {component, reused}; apologized {reason, new_due}; result_ready {electronic, result_code?, sha256?}; result_digitized {sha256?}; returned {channel, tracking?}; refused {reason}; withdrawn {reason?}; stopped {reason}.",
    "properties": {
     "type": {
      "type": "string",
      "enum": [
       "processing_started",
       "handed_over",
       "supplement_requested",
       "supplement_received",
       "fee_requested",
       "fee_paid",
       "component_digitized",
       "apologized",
       "result_ready",
       "result_digitized",
       "returned",
       "refused",
       "withdrawn",
       "stopped"
      ]
     },
     "at": {
      "type": "string",
      "format": "date-time"
     },
     "from": {
      "type": "string"
     },
     "to": {
      "type": "string"
     },
     "reason": {
      "type": "string"
     },
     "amount": {
      "type": "integer",
      "minimum": 0
     },
     "online": {
      "type": "boolean"
     },
     "component": {
      "type": "string"
     },
     "reused": {
      "type": "boolean"
     },
     "new_due": {
      "type": "string",
      "format": "date-time"
     },
     "electronic": {
      "type": "boolean"
     },
     "result_code": {
      "type": "string"
     },
     "sha256": {
      "type": "string",
      "pattern": "^[0-9a-fA-F]{64}$"
     },
     "channel": {
      "type": "string",
      "enum": [
       "direct",
       "online",
       "postal"
      ]
     },
     "tracking": {
      "type": "string"
     }
    },
    "additionalProperties": false
   },
   "EventResult": {
    "type": "object",
    "required": [
     "dossier",
     "event",
     "status"
    ],
    "properties": {
     "dossier": {
      "type": "string"
     },
     "event": {
      "$ref": "#/components/schemas/TimelineEntry"
     },
     "status": {
      "$ref": "#/components/schemas/Status"
     }
    }
   },
   "PublicDossier": {
    "type": "object",
    "required": [
     "code",
     "procedure",
     "agency",
     "received_at",
     "due",
     "status",
     "applicant",
     "result_ready",
     "returned",
     "paused_for_supplement"
    ],
    "additionalProperties": false,
    "properties": {
     "code": {
      "type": "string"
     },
     "procedure": {
      "type": "string"
     },
     "agency": {
      "type": "string"
     },
     "received_at": {
      "type": "string",
      "format": "date-time"
     },
     "due": {
      "type": "string",
      "format": "date-time"
     },
     "status": {
      "$ref": "#/components/schemas/Status"
     },
     "applicant": {
      "type": "string",
      "description": "Masked name, e.g. Nguyễn V. A."
     },
     "result_ready": {
      "type": "boolean"
     },
     "returned": {
      "type": "boolean"
     },
     "returned_at": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "apology_new_due": {
      "type": [
       "string",
       "null"
      ],
      "format": "date-time"
     },
     "paused_for_supplement": {
      "type": "boolean"
     }
    }
   },
   "CalendarDay": {
    "type": "object",
    "required": [
     "date",
     "name",
     "kind",
     "source",
     "reference"
    ],
    "properties": {
     "date": {
      "type": "string",
      "format": "date"
     },
     "name": {
      "type": "string"
     },
     "kind": {
      "type": "string",
      "enum": [
       "holiday",
       "substitute",
       "bridge",
       "workday"
      ]
     },
     "source": {
      "type": "string",
      "enum": [
       "official",
       "provisional"
      ]
     },
     "reference": {
      "type": "string"
     }
    }
   },
   "CalendarDayInput": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "name",
     "kind",
     "reference"
    ],
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1
     },
     "kind": {
      "type": "string",
      "enum": [
       "holiday",
       "substitute",
       "bridge",
       "workday"
      ]
     },
     "reference": {
      "type": "string",
      "minLength": 1
     }
    }
   },
   "OfficeSession": {
    "type": "object",
    "required": [
     "start",
     "end"
    ],
    "properties": {
     "start": {
      "type": "string",
      "pattern": "^\\d{2}:\\d{2}$"
     },
     "end": {
      "type": "string",
      "pattern": "^\\d{2}:\\d{2}$"
     }
    }
   },
   "Agency": {
    "type": "object",
    "required": [
     "code",
     "name",
     "identifier",
     "office_hours"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "identifier": {
      "type": "string"
     },
     "office_hours": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/OfficeSession"
      }
     }
    }
   },
   "AgencyInput": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "name",
     "identifier"
    ],
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1
     },
     "identifier": {
      "type": "string",
      "pattern": "^[A-Za-z0-9]+(\\.[A-Za-z0-9]+)*$"
     },
     "office_hours": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/OfficeSession"
      }
     }
    }
   },
   "Locality": {
    "type": "object",
    "required": [
     "code",
     "name",
     "level"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "level": {
      "type": "string",
      "enum": [
       "province",
       "district",
       "commune"
      ]
     },
     "parent_code": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "LocalityInput": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "name",
     "level"
    ],
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1
     },
     "level": {
      "type": "string",
      "enum": [
       "province",
       "district",
       "commune"
      ]
     },
     "parent_code": {
      "type": [
       "string",
       "null"
      ]
     }
    }
   },
   "Procedure": {
    "type": "object",
    "required": [
     "agency",
     "code",
     "name",
     "valid_from",
     "time_limit",
     "online",
     "postal",
     "written_result",
     "fee",
     "components"
    ],
    "properties": {
     "agency": {
      "type": "string"
     },
     "code": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "field": {
      "type": [
       "string",
       "null"
      ]
     },
     "valid_from": {
      "type": "string",
      "format": "date"
     },
     "time_limit": {
      "$ref": "#/components/schemas/TimeLimit"
     },
     "online": {
      "type": "string",
      "enum": [
       "none",
       "partial",
       "full"
      ]
     },
     "postal": {
      "type": "boolean"
     },
     "written_result": {
      "type": "boolean"
     },
     "fee": {
      "type": "integer"
     },
     "components": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "code",
        "name"
       ],
       "properties": {
        "code": {
         "type": "string"
        },
        "name": {
         "type": "string"
        }
       }
      }
     }
    }
   },
   "ProcedureInput": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "name",
     "time_limit",
     "online",
     "postal",
     "written_result",
     "fee"
    ],
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1
     },
     "field": {
      "type": "string"
     },
     "time_limit": {
      "$ref": "#/components/schemas/TimeLimit"
     },
     "online": {
      "type": "string",
      "enum": [
       "none",
       "partial",
       "full"
      ]
     },
     "postal": {
      "type": "boolean"
     },
     "written_result": {
      "type": "boolean"
     },
     "fee": {
      "type": "integer",
      "minimum": 0
     },
     "components": {
      "type": "array",
      "items": {
       "type": "object",
       "additionalProperties": false,
       "required": [
        "code",
        "name"
       ],
       "properties": {
        "code": {
         "type": "string",
         "minLength": 1
        },
        "name": {
         "type": "string",
         "minLength": 1
        }
       }
      }
     }
    }
   },
   "ImportSummary": {
    "type": "object",
    "required": [
     "lines",
     "agencies",
     "procedures",
     "dossiers",
     "events",
     "unchanged"
    ],
    "properties": {
     "lines": {
      "type": "integer"
     },
     "agencies": {
      "type": "integer"
     },
     "procedures": {
      "type": "integer"
     },
     "dossiers": {
      "type": "integer"
     },
     "events": {
      "type": "integer"
     },
     "unchanged": {
      "type": "integer"
     }
    }
   },
   "Health": {
    "type": "object",
    "required": [
     "status"
    ],
    "properties": {
     "status": {
      "type": "string"
     }
    }
   },
   "Readiness": {
    "type": "object",
    "required": [
     "status",
     "database",
     "schema",
     "schemaVersion",
     "pool"
    ],
    "properties": {
     "status": {
      "type": "string"
     },
     "database": {
      "type": "string"
     },
     "schema": {
      "type": "string"
     },
     "schemaVersion": {
      "type": "string"
     },
     "detail": {
      "type": [
       "string",
       "null"
      ]
     },
     "pool": {
      "type": "object"
     },
     "worker": {
      "type": [
       "object",
       "null"
      ]
     }
    }
   },
   "MetricLine": {
    "type": "object",
    "required": [
     "id",
     "numerator",
     "denominator",
     "rate"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "numerator": {
      "type": "integer"
     },
     "denominator": {
      "type": "integer"
     },
     "rate": {
      "type": [
       "number",
       "null"
      ]
     }
    }
   },
   "MetricsReport": {
    "type": "object",
    "required": [
     "agency",
     "period",
     "as_of",
     "metrics"
    ],
    "properties": {
     "agency": {
      "type": "string"
     },
     "agency_name": {
      "type": "string"
     },
     "period": {
      "type": "string"
     },
     "period_start": {
      "type": "string"
     },
     "period_end": {
      "type": "string"
     },
     "as_of": {
      "type": "string"
     },
     "procedure": {
      "type": [
       "string",
       "null"
      ]
     },
     "metrics": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/MetricLine"
      }
     }
    }
   },
   "ManualScoreInput": {
    "type": "object",
    "additionalProperties": false,
    "required": [
     "evidence"
    ],
    "properties": {
     "points": {
      "type": [
       "number",
       "null"
      ],
      "minimum": 0
     },
     "evidence": {
      "type": "string",
      "minLength": 1
     },
     "loss_reason": {
      "type": [
       "string",
       "null"
      ]
     },
     "not_applicable": {
      "type": [
       "boolean",
       "null"
      ]
     }
    }
   }
  }
 },
 "paths": {
  "/health": {
   "get": {
    "summary": "The process is up",
    "operationId": "health",
    "security": [
     {}
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     }
    }
   }
  },
  "/ready": {
   "get": {
    "summary": "The database answers and the schema is current",
    "operationId": "ready",
    "security": [
     {}
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Readiness"
        }
       }
      }
     },
     "503": {
      "description": "Not ready",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Readiness"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/openapi.json": {
   "get": {
    "summary": "This document",
    "operationId": "openapi",
    "security": [
     {}
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/dossiers": {
   "post": {
    "summary": "Register a dossier (clerk of the agency, locality for its own applicants, admin)",
    "operationId": "registerDossier",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "description": "Retry-safe key: the same key and body return the first response without a second write; the same key with another body is a 422.",
      "schema": {
       "type": "string",
       "minLength": 1,
       "maxLength": 255,
       "pattern": "^[\\x21-\\x7e]+$"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Registration"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "Registered (or replayed with Idempotent-Replayed: true)",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/RegistrationResult"
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "description": "Body over 1 MiB",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "description": "Body is not JSON",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (unknown procedure, channel not offered, idempotency key reused with another body)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   },
   "get": {
    "summary": "List dossiers in the caller's scope (keyset pagination)",
    "operationId": "listDossiers",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "agency",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "procedure",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "status",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "new",
        "received",
        "refused",
        "in_progress",
        "supplement_requested",
        "fee_requested",
        "withdrawn",
        "stopped",
        "result_ready",
        "returned"
       ]
      }
     },
     {
      "name": "channel",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "direct",
        "online",
        "postal"
       ]
      }
     },
     {
      "name": "locality",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "received_from",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "description": "YYYY-MM-DD or RFC 3339"
      }
     },
     {
      "name": "received_before",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "description": "YYYY-MM-DD or RFC 3339"
      }
     },
     {
      "name": "overdue",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "true",
        "false"
       ]
      }
     },
     {
      "name": "due_within_days",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 365
      }
     },
     {
      "name": "sort",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "received",
        "due"
       ]
      }
     },
     {
      "name": "limit",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 1,
       "maximum": 200
      }
     },
     {
      "name": "cursor",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/DossierPage"
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (unknown procedure, channel not offered, idempotency key reused with another body)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/dossiers/{code}": {
   "get": {
    "summary": "A dossier with its timeline",
    "operationId": "getDossier",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "description": "Dossier code <agency identifier>-<YYMMDD>-<NNNN>",
      "schema": {
       "type": "string",
       "maxLength": 100
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Dossier"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Not found or outside the caller's scope",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/dossiers/{code}/events": {
   "post": {
    "summary": "Record an event (a transition) on a dossier",
    "operationId": "appendEvent",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "description": "Dossier code <agency identifier>-<YYMMDD>-<NNNN>",
      "schema": {
       "type": "string",
       "maxLength": 100
      }
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "description": "Retry-safe key: the same key and body return the first response without a second write; the same key with another body is a 422.",
      "schema": {
       "type": "string",
       "minLength": 1,
       "maxLength": 255,
       "pattern": "^[\\x21-\\x7e]+$"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/EventRequest"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/EventResult"
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Not found or outside the caller's scope",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "Illegal in the current state",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "description": "Body over 1 MiB",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "description": "Body is not JSON",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (unknown procedure, channel not offered, idempotency key reused with another body)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/public/dossiers/{code}": {
   "get": {
    "summary": "Public look-up by code (masked; rate-limited per address)",
    "operationId": "publicLookup",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "description": "Dossier code <agency identifier>-<YYMMDD>-<NNNN>",
      "schema": {
       "type": "string",
       "maxLength": 100
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/PublicDossier"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Not found or outside the caller's scope",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "429": {
      "description": "Too many look-ups from this address",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/calendar/{year}": {
   "get": {
    "summary": "Days off and swapped working days of a year",
    "operationId": "calendarYear",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "year",
      "in": "path",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 1900,
       "maximum": 2100
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/CalendarDay"
         }
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/calendar/days/{date}": {
   "put": {
    "summary": "Add or replace a day off or swapped working day (admin)",
    "operationId": "putCalendarDay",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "date",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "date"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/CalendarDayInput"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CalendarDay"
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "description": "Body over 1 MiB",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "description": "Body is not JSON",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   },
   "delete": {
    "summary": "Remove a day off or swapped working day (admin)",
    "operationId": "deleteCalendarDay",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "date",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "date"
      }
     }
    ],
    "responses": {
     "204": {
      "description": "Removed"
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Not found or outside the caller's scope",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/agencies": {
   "get": {
    "summary": "Agencies",
    "operationId": "listAgencies",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Agency"
         }
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/agencies/{code}": {
   "put": {
    "summary": "Create or update an agency (admin)",
    "operationId": "putAgency",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^[A-Za-z0-9_.-]{1,32}$"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AgencyInput"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Agency"
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "409": {
      "description": "Illegal in the current state",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "description": "Body over 1 MiB",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "description": "Body is not JSON",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (unknown procedure, channel not offered, idempotency key reused with another body)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/localities": {
   "get": {
    "summary": "Administrative units",
    "operationId": "listLocalities",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Locality"
         }
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/localities/{code}": {
   "put": {
    "summary": "Create or update an administrative unit (admin)",
    "operationId": "putLocality",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "code",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^[A-Za-z0-9_.-]{1,32}$"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/LocalityInput"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Locality"
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "description": "Body over 1 MiB",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "description": "Body is not JSON",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (unknown procedure, channel not offered, idempotency key reused with another body)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/procedures": {
   "get": {
    "summary": "Procedure versions (of one agency with ?agency=)",
    "operationId": "listProcedures",
    "security": [
     {
      "bearer": []
     },
     {}
    ],
    "parameters": [
     {
      "name": "agency",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "$ref": "#/components/schemas/Procedure"
         }
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/procedures/{agency}/{code}/{validFrom}": {
   "put": {
    "summary": "Create or update a procedure version (admin)",
    "operationId": "putProcedure",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "agency",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "code",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^[A-Za-z0-9_.-]{1,40}$"
      }
     },
     {
      "name": "validFrom",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "format": "date"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ProcedureInput"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Procedure"
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "description": "Body over 1 MiB",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "description": "Body is not JSON",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (unknown procedure, channel not offered, idempotency key reused with another body)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/import": {
   "post": {
    "summary": "Import a case log, all or nothing (admin; larger files with `tthc import`)",
    "operationId": "importLog",
    "security": [
     {
      "bearer": []
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/x-ndjson": {
       "schema": {
        "type": "string"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ImportSummary"
        }
       }
      }
     },
     "400": {
      "description": "Malformed body (not valid UTF-8)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "description": "Body over 1 MiB",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (unknown procedure, channel not offered, idempotency key reused with another body)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/export": {
   "get": {
    "summary": "Export an agency's case log for dossiers received in [from, to) (admin)",
    "operationId": "exportLog",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "agency",
      "in": "query",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "from",
      "in": "query",
      "required": true,
      "schema": {
       "type": "string",
       "format": "date"
      }
     },
     {
      "name": "to",
      "in": "query",
      "required": true,
      "schema": {
       "type": "string",
       "format": "date"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/x-ndjson": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Malformed request (bad JSON, unknown field, wrong type)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "The caller's role may not do this",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Not found or outside the caller's scope",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable; retry",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/metrics": {
   "get": {
    "summary": "Numerators, denominators and rates of every metric for an agency and period (leader, admin)",
    "operationId": "metrics",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "agency",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "Required for admins and leaders of all agencies"
     },
     {
      "name": "period",
      "in": "query",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^\\d{4}(-Q[1-4]|-\\d{2})?$"
      },
      "description": "2025, 2025-Q2 or 2025-03"
     },
     {
      "name": "procedure",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "as_of",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date-time"
      },
      "description": "RFC 3339 with offset; default now"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/MetricsReport"
        }
       }
      }
     },
     "400": {
      "description": "Bad parameters",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "Role (or a leader's agency) does not allow it",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Unknown agency, rubric or criterion",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (for example no rubric applies to the period)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/scores": {
   "get": {
    "summary": "The report of `tthc report`: metrics, scores with reasons, group totals and total (leader, admin)",
    "operationId": "scores",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "agency",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "period",
      "in": "query",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^\\d{4}(-Q[1-4]|-\\d{2})?$"
      },
      "description": "2025, 2025-Q2 or 2025-03"
     },
     {
      "name": "rubric",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "as_of",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date-time"
      },
      "description": "RFC 3339 with offset; default now"
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "json",
        "csv",
        "text"
       ]
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "agency",
          "period",
          "as_of",
          "metrics",
          "scores",
          "total"
         ]
        }
       },
       "text/csv": {
        "schema": {
         "type": "string"
        }
       },
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     },
     "400": {
      "description": "Bad parameters",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "Role (or a leader's agency) does not allow it",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Unknown agency, rubric or criterion",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (for example no rubric applies to the period)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/rankings": {
   "get": {
    "summary": "Agencies ranked by total for a period (leader, admin)",
    "operationId": "rankings",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "period",
      "in": "query",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^\\d{4}(-Q[1-4]|-\\d{2})?$"
      },
      "description": "2025, 2025-Q2 or 2025-03"
     },
     {
      "name": "rubric",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "as_of",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date-time"
      },
      "description": "RFC 3339 with offset; default now"
     },
     {
      "name": "basis",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "total",
        "percentage"
       ]
      }
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "description": "Bad parameters",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "Role (or a leader's agency) does not allow it",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Unknown agency, rubric or criterion",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Well-formed but not acceptable (for example no rubric applies to the period)",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/rubrics": {
   "get": {
    "summary": "The scoring rubrics in force (leader, admin)",
    "operationId": "rubrics",
    "security": [
     {
      "bearer": []
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "type": "object"
         }
        }
       }
      }
     },
     "400": {
      "description": "Bad parameters",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "Role (or a leader's agency) does not allow it",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/manual-scores": {
   "get": {
    "summary": "Criteria scored by hand, with their evidence (leader, admin)",
    "operationId": "manualScores",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "rubric",
      "in": "query",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "agency",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "period",
      "in": "query",
      "required": true,
      "schema": {
       "type": "string",
       "pattern": "^\\d{4}(-Q[1-4]|-\\d{2})?$"
      },
      "description": "2025, 2025-Q2 or 2025-03"
     }
    ],
    "responses": {
     "200": {
      "description": "OK",
      "content": {
       "application/json": {
        "schema": {
         "type": "array",
         "items": {
          "type": "object"
         }
        }
       }
      }
     },
     "400": {
      "description": "Bad parameters",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "Role (or a leader's agency) does not allow it",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Unknown agency, rubric or criterion",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/manual-scores/{rubric}/{agency}/{period}/{criterion}": {
   "put": {
    "summary": "Score a criterion the case log cannot measure, with its evidence (admin)",
    "operationId": "putManualScore",
    "security": [
     {
      "bearer": []
     }
    ],
    "parameters": [
     {
      "name": "rubric",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "agency",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "period",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "criterion",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ManualScoreInput"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "Stored",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     },
     "400": {
      "description": "Bad parameters",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "401": {
      "description": "No or invalid API token",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "403": {
      "description": "Role (or a leader's agency) does not allow it",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "404": {
      "description": "Unknown agency, rubric or criterion",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "413": {
      "description": "Body over 1 MiB",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "415": {
      "description": "Body is not JSON",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "422": {
      "description": "Not acceptable",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     },
     "503": {
      "description": "Database unavailable",
      "content": {
       "application/problem+json": {
        "schema": {
         "$ref": "#/components/schemas/Problem"
        }
       }
      }
     }
    }
   }
  }
 }
}
"""#
}

import Hummingbird
import NIOCore

struct OpenAPIController {
    func addRoutes(to group: CatalogedGroup) {
        group.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
