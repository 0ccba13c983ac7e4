// Generated from the API’s OpenAPI document by `npm run client:types` (clients/typescript/generate.ts).
// Do not edit: change the zod schemas or routes and regenerate.

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as OpenAPI 3.1 */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/service-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalogue of service items (办事指南) */
        get: operations["listServiceItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/service-items/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One service item */
        get: operations["getServiceItem"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/service-items/{code}/sample": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A filled sample of the item (样表): a form and licence fields that pass every check */
        get: operations["getServiceItemSample"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/service-items/{code}/templates/{materialCode}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The blank PDF template of a material that is a form (申请表) */
        get: operations["getServiceItemTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/seal-certificates.pem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The seal certificate chain (PEM), for offline verification */
        get: operations["sealCertificates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/seal-certificates-sm2.pem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The OFD seal’s SM2 certificate chain (PEM): seal certificate first, the seal maker’s root last */
        get: operations["sealCertificatesSm2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling client’s own cases, newest first, a page at a time */
        get: operations["listCases"];
        put?: never;
        /** Open a case for a service item */
        post: operations["createCase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{caseId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a case */
        get: operations["getCase"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{caseId}/materials/{materialCode}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Upload a material (raw bytes); validated at once */
        put: operations["putMaterial"];
        post?: never;
        /** Withdraw a material while DRAFT */
        delete: operations["deleteMaterial"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{caseId}/materials/{materialCode}/licence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Fill a material from an in-force licence of the applicant (电子证照自动调取), no upload */
        post: operations["pullLicenceMaterial"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/service-items/{code}/prefill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Form values from the holder's in-force licences, each with its source (预填) */
        get: operations["prefillForm"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{caseId}/materials/{materialCode}/upload-url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Presigned S3 PUT for a large file */
        post: operations["createUploadUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{caseId}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Completeness and validity check; DRAFT → SUBMITTED */
        post: operations["submitCase"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{caseId}/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A department's decision (parallel countersign) */
        post: operations["recordDecision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{caseId}/pledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign the item’s pledge in place of the materials it replaces (告知承诺); the pledge becomes a PDF of the case */
        post: operations["signPledge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subject's audit entries in order */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Walk the whole hash chain and hold it against the signed checkpoints */
        get: operations["verifyAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{caseId}/certificates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue 1..100 sealed licences for an APPROVED case, all or nothing */
        post: operations["issueCertificates"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/certificates/{certificateId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A licence issued by this client */
        get: operations["getCertificate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/certificates/{certificateId}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed PDF (exact bytes) */
        get: operations["getCertificatePdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/certificates/{certificateId}/ofd": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The licence as OFD (GB/T 33190) sealed with an SM2 electronic seal (GB/T 38540) */
        get: operations["getCertificateOfd"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/certificates/{certificateId}/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send (again) the SMS link of a licence */
        post: operations["notifyHolder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/certificates/{certificateId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a licence with a reason */
        post: operations["revokeCertificate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/certificates/{certificateId}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Suspend a licence (not in force until reinstated) */
        post: operations["suspendCertificate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/certificates/{certificateId}/reinstate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reinstate a suspended licence */
        post: operations["reinstateCertificate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/certificates/{certificateId}/reissue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a corrected licence that supersedes this one */
        post: operations["reissueCertificate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/certificates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The licences of one holder this client may see, newest first, a page at a time (audited) */
        get: operations["listCertificatesByHolder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/pledge-checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pledge checks (事后核查) of this client’s cases due at or before `dueBefore`, soonest first */
        get: operations["listPledgeChecks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/cases/{caseId}/pledge-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a pledge check: FALSE revokes the case’s licences (PLEDGE_FALSE) and bars the holder */
        post: operations["recordPledgeCheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verify/{certificateId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** QR landing: verification page (HTML), or the Verification JSON with Accept: application/json */
        get: operations["verifyByCode"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/verifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify an uploaded licence: PDF (PAdES) or OFD (GB/T 38540 SM2 seal) */
        post: operations["verifyUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/s/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The citizen's SMS link: the licence summary and a download button */
        get: operations["smsLinkPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/s/{token}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed PDF behind an SMS link (exact bytes) */
        get: operations["smsLinkPdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/s/{token}/ofd": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The licence behind an SMS link as sealed OFD */
        get: operations["smsLinkOfd"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/s/{token}/licences/{certificateId}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed PDF of one licence of an issuance request’s SMS link (exact bytes) */
        get: operations["smsLinkLicencePdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Page where anyone drops or picks a licence PDF to check it (posts to /v1/verifications) */
        get: operations["verifyUploadPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/s/{token}/preview.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** First-page preview of the licence behind an SMS link (SVG, holder's name masked) */
        get: operations["smsLinkPreview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/qr-keys.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The key the licence QR codes’ offline payloads are signed with (JWK Set) */
        get: operations["qrKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counts by service item and status (the key's items), totals, overdue cases, licences issued per day, processing times, on-time rate */
        get: operations["getStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signed checkpoints of the audit chain head (the newest, or those after afterSeq), ascending */
        get: operations["listAuditCheckpoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The whole audit log with its checkpoints and seal chain, for `npm run audit:verify` */
        get: operations["exportAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Register (or replace) the client’s one webhook URL; rotates the secret, shown once */
        put: operations["putWebhook"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The client’s recent webhook deliveries (newest first, up to 100) and their status */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/status-lists/{listId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A token status list of licences (JWT, 2 bits per licence: 0 VALID, 1 INVALID, 2 SUSPENDED) */
        get: operations["getStatusList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/status-list-keys.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The key the status lists are signed with (JWK Set) */
        get: operations["statusListKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/{crlFile}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The CA’s certificate revocation list, DER (`root.crl`): revoked seal and TSA certificates */
        get: operations["getCrl"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ocsp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OCSP responder (RFC 6960) for certificates of the root CA */
        post: operations["ocsp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/tsa-certificates.pem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The certificates of the time-stamp authority the seals use (PEM) */
        get: operations["tsaCertificates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bulk-issuances/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A presigned PUT for a bulk job’s NDJSON rows file (up to 1,000,000 rows), and its rowsUrl */
        post: operations["createBulkUpload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bulk-issuances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a licence per row (inline or an uploaded file), each exactly once, in the background */
        post: operations["startBulkIssuance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bulk-issuances/{bulkId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A bulk job’s progress, and its per-row results once complete */
        get: operations["getBulkIssuance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                /** @description Stable UPPER_SNAKE code */
                code: string;
                /** @description Human readable, Chinese first */
                message: string;
                details?: {
                    [key: string]: unknown;
                };
                requestId: string;
            };
        };
        ServiceItem: {
            code: string;
            name: string;
            nameEn: string;
            department: string;
            departments: string[];
            statutoryLimitWorkingDays: number;
            timeLimitWorkingDays: number;
            formSchema: {
                [key: string]: unknown;
            };
            materials: {
                code: string;
                name: string;
                nameEn: string;
                required: boolean;
                requiredWhen?: {
                    field: string;
                    equals?: string | number | boolean;
                    gt?: number;
                    gte?: number;
                    lt?: number;
                    lte?: number;
                    in?: (string | number)[];
                    exists?: boolean;
                };
                mediaTypes: ("application/pdf" | "image/jpeg" | "image/png")[];
                maxBytes: number;
                maxPages?: number;
                minImageShortSide?: number;
                minImageLongSide?: number;
                description?: string;
                acceptsLicences?: {
                    type: string;
                }[];
                /** @constant */
                form?: true;
                deferrable?: {
                    withinWorkingDays: number;
                    why: string;
                };
            }[];
            formRules?: {
                code: string;
                rule: {
                    dateOrder: [
                        "$today" | string,
                        "$today" | string
                    ];
                } | {
                    lessOrEqual: [
                        string,
                        string
                    ];
                } | {
                    creditCode: string;
                };
                messageZh: string;
                messageEn: string;
            }[];
            certificate: {
                name: string;
                nameEn: string;
                type: string;
                typeCode: string;
                issuerCode: string;
                issuer: string;
                sealPurpose: string;
                numberPrefix: string;
                validityDays?: number;
                onePerFormItem?: string;
                fieldsSchema: {
                    [key: string]: unknown;
                };
                fieldsFromForm?: {
                    [key: string]: string;
                };
                validityFromForm?: {
                    fromField?: string;
                    untilField?: string;
                    yearsField?: string;
                };
                validUntilNotAfterField?: string;
                holderFromForm?: {
                    nameField: string;
                    creditCodeField: string;
                };
                subject?: {
                    field: string;
                    fieldEn?: string;
                    labelEn: string;
                };
                fieldLabels: {
                    key: string;
                    label: string;
                }[];
            };
            prefill?: {
                formPath: string;
                fromCertificateType: string;
                field: string;
            }[];
            pledge?: {
                replaces: string[];
                text: string;
                checkWithinWorkingDays: number;
                barDays: number;
                basis: string;
            };
        };
        /** @description A filled sample of the item, valid as published: `form` for POST /v1/cases, `certificates` for POST /v1/cases/{caseId}/certificates once the case is approved; dates are relative to today (Asia/Shanghai) */
        ServiceItemSample: {
            form: {
                [key: string]: unknown;
            };
            certificates: {
                fields: {
                    [key: string]: unknown;
                };
            }[];
        };
        Case: {
            caseId: string;
            serviceItemCode: string;
            /**
             * @description RETURNED (退件): a deferred material was not supplied by its due time
             * @enum {string}
             */
            status: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "ISSUED" | "RETURNED";
            applicant: {
                /** @description masked */
                name: string;
                /** @description masked */
                idNumber: string;
                /** @description masked */
                mobile: string;
                organization?: string;
                /** @description masked */
                creditCode?: string;
            };
            form: {
                [key: string]: unknown;
            };
            checklist: {
                materialCode: string;
                name: string;
                required: boolean;
                /** @enum {string} */
                status: "MISSING" | "ACCEPTED" | "REJECTED";
                problems: components["schemas"]["Problem"][];
                /**
                 * @description E_LICENCE: a licence of this system pulled as the material, no upload; PLEDGE: replaced by the signed pledge (告知承诺)
                 * @enum {string}
                 */
                source?: "UPLOAD" | "E_LICENCE" | "PLEDGE";
                licence?: components["schemas"]["MaterialLicence"];
                verification?: components["schemas"]["Verification"];
            }[];
            decisions: {
                department: string;
                /** @enum {string} */
                decision: "APPROVE" | "REJECT";
                /** Format: date-time */
                at: string;
                comment?: string;
            }[];
            pendingDepartments: string[];
            /** Format: date-time */
            submittedAt?: string;
            /**
             * Format: date-time
             * @description Last instant of the due working day (Asia/Shanghai)
             */
            dueAt?: string;
            /**
             * @description OFFICIAL: counted on State Council holiday notices; PROVISIONAL: a year without a notice was counted on the statutory holidays alone, and the deadline is recomputed (never earlier) once the notice is loaded
             * @enum {string}
             */
            dueAtBasis?: "OFFICIAL" | "PROVISIONAL";
            sla?: {
                remainingWorkingDays: number;
                /** @enum {string} */
                status: "ON_TIME" | "DUE_SOON" | "OVERDUE";
            };
            certificateIds: string[];
            /** @description 容缺受理: materials still to be supplied, each by its due time; no licence is issued meanwhile */
            deferred?: {
                materialCode: string;
                /** Format: date-time */
                dueAt: string;
            }[];
            /** Format: date-time */
            returnedAt?: string;
            /** @description 告知承诺: the pledge signed in place of the materials it replaces */
            pledge?: {
                /** @description masked */
                signatory: string;
                /** Format: date-time */
                acceptedAt: string;
                replaces: string[];
                /** @description SHA-256 of the pledge document (PDF) kept with the case */
                sha256: string;
                /** @description 事后核查, scheduled at approval */
                check?: {
                    /** Format: date-time */
                    dueAt: string;
                    /** @enum {string} */
                    status: "PENDING" | "CONFIRMED" | "FALSE";
                    department?: string;
                    /** Format: date-time */
                    at?: string;
                };
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        Problem: {
            code: string;
            message: string;
        };
        MaterialLicence: {
            certificateId: string;
            number: string;
            type: string;
            validUntil: string;
        };
        Verification: {
            /** @enum {string} */
            verdict: "VALID" | "VALID_OTHER_ISSUER" | "NOT_YET_VALID" | "REVOKED" | "EXPIRED" | "SUSPENDED" | "SUPERSEDED" | "TAMPERED" | "UNKNOWN_SIGNER" | "NOT_SIGNED" | "NOT_FOUND" | "MALFORMED";
            /** Format: date-time */
            checkedAt: string;
            certificate?: {
                certificateId: string;
                number: string;
                type: string;
                holderMasked: string;
                issuer: string;
                /** Format: date-time */
                issuedAt: string;
                /** @description First day in force (Asia/Shanghai) */
                validFrom: string;
                validUntil: string;
                /** @enum {string} */
                status: "VALID" | "REVOKED" | "EXPIRED" | "SUSPENDED" | "SUPERSEDED";
                /** Format: date-time */
                revokedAt?: string;
                revocationReason?: string;
                supersededByNumber?: string;
            };
            signature?: {
                signer: string;
                signedAt?: string;
                coversWholeDocument: boolean;
                algorithm: string;
                certificateSerial: string;
                /**
                 * @description PAdES baseline level: B-T with a trusted signature time-stamp, B-LT also with the seal chain’s revocation data in the DSS, B-LTA also with a document time-stamp
                 * @enum {string}
                 */
                level?: "B-B" | "B-T" | "B-LT" | "B-LTA";
                /** @description The seal’s signature time-stamp; the seal chain is validated at its time */
                timestamp?: {
                    /**
                     * Format: date-time
                     * @description The time-stamp token’s genTime (UTC)
                     */
                    time: string;
                    /** @description The time-stamping authority certificate’s CN */
                    tsa: string;
                };
            };
            /** @description Every signature of an uploaded file, each checked over its own revision */
            signatures?: components["schemas"]["SignatureReport"][];
            reasons: {
                code: string;
                message: string;
            }[];
        };
        SignatureReport: {
            /** @description Fully qualified signature field name; empty when no field names it */
            field: string;
            signer?: string;
            signedAt?: string;
            /** @description 1-based revision the signature covers (0: none) */
            revision: number;
            coversRevision: boolean;
            intact: boolean;
            coversWholeDocument: boolean;
            /** @enum {string} */
            signerTrust: "OWN_SEAL" | "TRUSTED_ISSUER" | "UNKNOWN";
            trustedIssuer?: string;
            /** @enum {string} */
            laterChanges: "NONE" | "ALLOWED" | "DISALLOWED";
            docMdp?: 1 | 2 | 3;
            /** @enum {string} */
            kind: "SIGNATURE" | "DOC_TIMESTAMP";
            algorithm?: string;
            /** @description The seal’s signature time-stamp; the seal chain is validated at its time */
            timestamp?: {
                /**
                 * Format: date-time
                 * @description The time-stamp token’s genTime (UTC)
                 */
                time: string;
                /** @description The time-stamping authority certificate’s CN */
                tsa: string;
            };
        };
        CreateCaseRequest: {
            serviceItemCode: string;
            applicant: {
                name: string;
                idNumber: string;
                mobile: string;
                organization?: string;
                /** @description The organization's 统一社会信用代码 (GB 32100 check character); its licences name the organization */
                creditCode?: string;
            };
            form: {
                [key: string]: unknown;
            };
            /** @description Fill every material that accepts licences from the holder's in-force licences (自动调取); one without stays MISSING */
            reuseLicences?: boolean;
            /** @description Reference of the applicant's authorisation to use licences issued through other clients (用证授权); stored on the material and audited */
            consentRef?: string;
            /** @description Take form values from the holder's in-force licences; the values sent in `form` win */
            prefill?: boolean;
        };
        CaseInput: {
            caseId: string;
            serviceItemCode: string;
            /**
             * @description RETURNED (退件): a deferred material was not supplied by its due time
             * @enum {string}
             */
            status: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "ISSUED" | "RETURNED";
            applicant: {
                /** @description masked */
                name: string;
                /** @description masked */
                idNumber: string;
                /** @description masked */
                mobile: string;
                organization?: string;
                /** @description masked */
                creditCode?: string;
            };
            form: {
                [key: string]: unknown;
            };
            checklist: {
                materialCode: string;
                name: string;
                required: boolean;
                /** @enum {string} */
                status: "MISSING" | "ACCEPTED" | "REJECTED";
                problems: components["schemas"]["Problem"][];
                /**
                 * @description E_LICENCE: a licence of this system pulled as the material, no upload; PLEDGE: replaced by the signed pledge (告知承诺)
                 * @enum {string}
                 */
                source?: "UPLOAD" | "E_LICENCE" | "PLEDGE";
                licence?: components["schemas"]["MaterialLicence"];
                verification?: components["schemas"]["VerificationInput"];
            }[];
            decisions: {
                department: string;
                /** @enum {string} */
                decision: "APPROVE" | "REJECT";
                /** Format: date-time */
                at: string;
                comment?: string;
            }[];
            pendingDepartments: string[];
            /** Format: date-time */
            submittedAt?: string;
            /**
             * Format: date-time
             * @description Last instant of the due working day (Asia/Shanghai)
             */
            dueAt?: string;
            /**
             * @description OFFICIAL: counted on State Council holiday notices; PROVISIONAL: a year without a notice was counted on the statutory holidays alone, and the deadline is recomputed (never earlier) once the notice is loaded
             * @enum {string}
             */
            dueAtBasis?: "OFFICIAL" | "PROVISIONAL";
            sla?: {
                remainingWorkingDays: number;
                /** @enum {string} */
                status: "ON_TIME" | "DUE_SOON" | "OVERDUE";
            };
            certificateIds: string[];
            /** @description 容缺受理: materials still to be supplied, each by its due time; no licence is issued meanwhile */
            deferred?: {
                materialCode: string;
                /** Format: date-time */
                dueAt: string;
            }[];
            /** Format: date-time */
            returnedAt?: string;
            /** @description 告知承诺: the pledge signed in place of the materials it replaces */
            pledge?: {
                /** @description masked */
                signatory: string;
                /** Format: date-time */
                acceptedAt: string;
                replaces: string[];
                /** @description SHA-256 of the pledge document (PDF) kept with the case */
                sha256: string;
                /** @description 事后核查, scheduled at approval */
                check?: {
                    /** Format: date-time */
                    dueAt: string;
                    /** @enum {string} */
                    status: "PENDING" | "CONFIRMED" | "FALSE";
                    department?: string;
                    /** Format: date-time */
                    at?: string;
                };
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        VerificationInput: {
            /** @enum {string} */
            verdict: "VALID" | "VALID_OTHER_ISSUER" | "NOT_YET_VALID" | "REVOKED" | "EXPIRED" | "SUSPENDED" | "SUPERSEDED" | "TAMPERED" | "UNKNOWN_SIGNER" | "NOT_SIGNED" | "NOT_FOUND" | "MALFORMED";
            /** Format: date-time */
            checkedAt: string;
            certificate?: {
                certificateId: string;
                number: string;
                type: string;
                holderMasked: string;
                issuer: string;
                /** Format: date-time */
                issuedAt: string;
                /** @description First day in force (Asia/Shanghai) */
                validFrom: string;
                validUntil: string;
                /** @enum {string} */
                status: "VALID" | "REVOKED" | "EXPIRED" | "SUSPENDED" | "SUPERSEDED";
                /** Format: date-time */
                revokedAt?: string;
                revocationReason?: string;
                supersededByNumber?: string;
            };
            signature?: {
                signer: string;
                signedAt?: string;
                coversWholeDocument: boolean;
                algorithm: string;
                certificateSerial: string;
                /**
                 * @description PAdES baseline level: B-T with a trusted signature time-stamp, B-LT also with the seal chain’s revocation data in the DSS, B-LTA also with a document time-stamp
                 * @enum {string}
                 */
                level?: "B-B" | "B-T" | "B-LT" | "B-LTA";
                /** @description The seal’s signature time-stamp; the seal chain is validated at its time */
                timestamp?: {
                    /**
                     * Format: date-time
                     * @description The time-stamp token’s genTime (UTC)
                     */
                    time: string;
                    /** @description The time-stamping authority certificate’s CN */
                    tsa: string;
                };
            };
            /** @description Every signature of an uploaded file, each checked over its own revision */
            signatures?: components["schemas"]["SignatureReport"][];
            reasons: {
                code: string;
                message: string;
            }[];
        };
        Material: {
            materialCode: string;
            /** @enum {string} */
            status: "ACCEPTED" | "REJECTED";
            mediaType: string;
            bytes: number;
            sha256: string;
            problems: components["schemas"]["Problem"][];
            /**
             * @description E_LICENCE: a licence of this system pulled as the material, no upload; PLEDGE: replaced by the signed pledge (告知承诺)
             * @enum {string}
             */
            source: "UPLOAD" | "E_LICENCE" | "PLEDGE";
            licence?: components["schemas"]["MaterialLicence"];
            verification?: components["schemas"]["VerificationInput"];
        };
        MaterialInput: {
            materialCode: string;
            /** @enum {string} */
            status: "ACCEPTED" | "REJECTED";
            mediaType: string;
            bytes: number;
            sha256: string;
            problems: components["schemas"]["Problem"][];
            /**
             * @description E_LICENCE: a licence of this system pulled as the material, no upload; PLEDGE: replaced by the signed pledge (告知承诺)
             * @enum {string}
             */
            source: "UPLOAD" | "E_LICENCE" | "PLEDGE";
            licence?: components["schemas"]["MaterialLicence"];
            verification?: components["schemas"]["VerificationInput"];
        };
        PullLicenceRequest: {
            /** @description Default: the newest usable licence found */
            certificateId?: string;
            /** @description Required for a licence issued through another client */
            consentRef?: string;
        };
        Prefill: {
            /** @description Partial form: only what in-force licences give */
            form: {
                [key: string]: unknown;
            };
            sources: {
                [key: string]: {
                    certificateId: string;
                    number: string;
                    field: string;
                };
            };
        };
        UploadUrl: {
            /** Format: uri */
            url: string;
            /** @constant */
            method: "PUT";
            headers: {
                [key: string]: string;
            };
            /** Format: date-time */
            expiresAt: string;
        };
        UploadUrlRequest: {
            contentType: string;
        };
        DecisionRequest: {
            department: string;
            /** @enum {string} */
            decision: "APPROVE" | "REJECT";
            comment?: string;
        };
        CaseList: {
            cases: components["schemas"]["CaseInput"][];
            /** @description Present when more may follow: pass it as `cursor` for the next page (a page may be short) */
            nextCursor?: string;
        };
        PledgeRequest: {
            /** @description Who signs the pledge (printed on the pledge document; masked in responses) */
            signatory: string;
            /**
             * @description The applicant read and accepts the pledge text of the item
             * @constant
             */
            accepted: true;
        };
        AuditEntry: {
            seq: number;
            /** Format: date-time */
            at: string;
            actor: string;
            action: string;
            subject: string;
            details: {
                [key: string]: unknown;
            };
            prevHash: string;
            hash: string;
        };
        AuditVerification: {
            intact: boolean;
            entries: number;
            head: string;
            /** @description The broken entry, the first missing one, or the seq after the last checkpoint that matches */
            firstBrokenSeq?: number;
            /** @description Why the chain is broken at firstBrokenSeq */
            reason?: string;
            /** @description Where the first change lies (inclusive), as the hash links and signed checkpoints pin it */
            brokenBetween?: [
                number,
                number
            ];
            /** @description Entries 1 … this seq are vouched for by a genuine checkpoint that matches the chain */
            verifiedThroughSeq?: number;
            /** @description Signed checkpoints the chain was held against */
            checkpoints?: number;
        };
        IssuedCertificates: {
            certificates: components["schemas"]["Certificate"][];
            /** @description With `notify`: ONE SMS for the request, whose link lists every licence of the request; each licence lists that message (same status and messageId). QUEUED: the progress-SMS consumer sends it; FAILED: it retries, and POST …/notifications sends a licence’s own link; the licences stay issued */
            notifications?: {
                certificateId: string;
                /** @enum {string} */
                status: "SENT" | "QUEUED" | "FAILED";
                messageId?: string;
            }[];
        };
        Certificate: {
            certificateId: string;
            number: string;
            /** @description GB/T 36904: 1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check> */
            identifier: string;
            serviceItemCode: string;
            caseId: string;
            type: string;
            typeName: string;
            issuer: string;
            /** @enum {string} */
            status: "VALID" | "REVOKED" | "EXPIRED" | "SUSPENDED" | "SUPERSEDED";
            holder: {
                /** @enum {string} */
                type: "PERSON" | "ORGANIZATION";
                /** @description masked for a person; an organisation's registered name */
                name: string;
                /** @description 证件类型: 111 resident ID, 001 unified social credit code */
                idType?: string;
                /** @description masked */
                idNumber?: string;
                organization?: string;
            };
            fields: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            issuedAt: string;
            validFrom: string;
            validUntil: string;
            sha256: string;
            verificationCode: string;
            /** Format: uri */
            verifyUrl: string;
            /** Format: date-time */
            revokedAt?: string;
            revocationReason?: string;
            /** Format: date-time */
            suspendedAt?: string;
            suspensionReason?: string;
            supersededBy?: string;
            supersededByNumber?: string;
            replaces?: string;
            /** @description IETF Token Status List entry (2 bits: 0 VALID, 1 INVALID, 2 SUSPENDED) */
            statusList?: {
                /**
                 * Format: uri
                 * @description GET it: application/statuslist+jwt
                 */
                uri: string;
                idx: number;
            };
        };
        IssueRequest: {
            certificates?: {
                holder?: {
                    /**
                     * @description PERSON by default
                     * @enum {string}
                     */
                    type?: "PERSON" | "ORGANIZATION";
                    /** @description A person's name, or an organisation's registered name */
                    name: string;
                    /** @description 证件类型: 111 resident ID (GB 11643), 001 unified social credit code (GB 32100) */
                    idType?: string;
                    idNumber?: string;
                    organization?: string;
                };
                fields?: {
                    [key: string]: unknown;
                };
                validFrom?: string;
                validUntil?: string;
            }[];
            notify?: {
                mobile: string;
            };
        };
        NotificationRequest: {
            mobile: string;
        };
        RevokeRequest: {
            reason: string;
        };
        ReasonRequest: {
            reason: string;
        };
        ReissueRequest: {
            reason: string;
            holder?: {
                name: string;
                idNumber?: string;
                organization?: string;
            };
            fields?: {
                [key: string]: unknown;
            };
            validUntil?: string;
        };
        CertificateList: {
            certificates: components["schemas"]["Certificate"][];
            /** @description Present when more may follow: pass it as `cursor` for the next page (a page may be short) */
            nextCursor?: string;
        };
        PledgeCheckList: {
            checks: {
                caseId: string;
                serviceItemCode: string;
                /** Format: date-time */
                dueAt: string;
                /** @enum {string} */
                status: "PENDING" | "CONFIRMED" | "FALSE";
            }[];
            /** @description Present when more may follow: pass it as `cursor` for the next page (a page may be short) */
            nextCursor?: string;
        };
        PledgeCheckRequest: {
            /** @description An approving department of the item */
            department: string;
            /**
             * @description FALSE revokes every licence of the case (PLEDGE_FALSE) and bars the holder
             * @enum {string}
             */
            outcome: "CONFIRMED" | "FALSE";
            comment?: string;
        };
        QrKeys: {
            keys: {
                /** @constant */
                kty: "EC";
                /** @constant */
                crv: "P-256";
                x: string;
                y: string;
                /** @description First 8 bytes of the RFC 7638 thumbprint, base64url; the COSE protected header kid */
                kid: string;
                /** @constant */
                use: "sig";
                /** @constant */
                alg: "ES256";
            }[];
        };
        Stats: {
            /** Format: date-time */
            generatedAt: string;
            cases: {
                serviceItemCode: string;
                byStatus: {
                    [key: string]: number;
                };
                total: number;
                /** @description Awaiting decisions past their due date */
                overdue: number;
            }[];
            /** @description Across the service items listed (those of the key) */
            totals: {
                byStatus: {
                    [key: string]: number;
                };
                total: number;
                overdue: number;
            };
            licencesIssuedPerDay: {
                date: string;
                count: number;
            }[];
            processing: {
                serviceItemCode: string;
                decided: number;
                medianWorkingDays: number | null;
                p90WorkingDays: number | null;
                onTimeRate: number | null;
            }[];
        };
        AuditCheckpoint: {
            seq: number;
            head: string;
            /** Format: date-time */
            at: string;
            /** @description Base64 signature over SHA-256(canonical JSON of {at, chain, head, seq}) */
            signature: string;
            keyId: string;
            algorithm: string;
        };
        WebhookRegistration: {
            url: string;
            /** @description Standard Webhooks secret; shown only in this answer. Sign with its base64-decoded bytes. */
            secret: string;
            events: components["schemas"]["WebhookEventType"][];
        };
        /** @enum {string} */
        WebhookEventType: "case.submitted" | "case.approved" | "case.rejected" | "case.returned" | "certificate.issued" | "certificate.revoked" | "certificate.suspended";
        WebhookRequest: {
            /** @description https URL with a public host (http://127.0.0.1 only in the local runtime) */
            url: string;
        };
        WebhookDeliveryList: {
            deliveries: components["schemas"]["WebhookDelivery"][];
        };
        WebhookDelivery: {
            /** @description The event id, sent as webhook-id (the same on every attempt) */
            id: string;
            type: components["schemas"]["WebhookEventType"];
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            status: "PENDING" | "DELIVERED" | "FAILED";
            attempts: number;
            /** @description HTTP status of the last attempt, or TIMEOUT / CONNECTION / FORBIDDEN_ADDRESS / UNRESOLVABLE / INVALID_URL */
            lastStatus?: number | string;
            /** Format: date-time */
            lastAttemptAt?: string;
            /** Format: date-time */
            nextAttemptAt?: string;
            /** Format: date-time */
            deliveredAt?: string;
            /** @description The event data as sent (ids, codes, numbers only) */
            data: {
                [key: string]: unknown;
            };
        };
        StatusListKeys: {
            keys: {
                /** @constant */
                kty: "EC";
                /** @constant */
                crv: "P-256";
                x: string;
                y: string;
                /** @description RFC 7638 thumbprint; the tokens' JWS kid */
                kid: string;
                /** @constant */
                use: "sig";
                /** @constant */
                alg: "ES256";
            }[];
        };
        BulkUpload: {
            /** @description Presigned PUT of the NDJSON rows file */
            uploadUrl: string;
            /** @constant */
            method: "PUT";
            /** @description Headers the PUT must carry */
            headers: {
                [key: string]: string;
            };
            /** @description Names the uploaded file in POST /v1/bulk-issuances */
            rowsUrl: string;
            maxBytes: number;
            expiresAt: string;
        };
        BulkIssuanceStarted: {
            bulkId: string;
            /** @constant */
            status: "RUNNING";
        };
        BulkIssuanceRequest: {
            serviceItemCode: string;
            /** @description Why these licences are issued without a case */
            basis: {
                /** @description The decision or register the licences are issued on (e.g. 存量证照电子化 notice number) */
                reference: string;
            };
            /** @description Inline rows (at most 1000); larger jobs upload an NDJSON file */
            rows?: components["schemas"]["BulkRow"][];
            /**
             * Format: uri
             * @description The rowsUrl of POST /v1/bulk-issuances/uploads once its file is uploaded: NDJSON, one BulkRow a line, at most 1000000 rows and 1073741824 bytes
             */
            rowsUrl?: string;
        };
        /** @description One licence: its holder and fields (all of them: a bulk row has no case form to derive fields from), validity optional (else the template’s). The same checks as a case’s `certificates[]` entry. */
        BulkRow: {
            holder: {
                /**
                 * @description PERSON by default
                 * @enum {string}
                 */
                type?: "PERSON" | "ORGANIZATION";
                /** @description A person's name, or an organisation's registered name */
                name: string;
                /** @description 证件类型: 111 resident ID (GB 11643), 001 unified social credit code (GB 32100) */
                idType?: string;
                idNumber?: string;
                organization?: string;
            };
            fields: {
                [key: string]: unknown;
            };
            validFrom?: string;
            validUntil?: string;
        };
        BulkIssuance: {
            bulkId: string;
            /** @enum {string} */
            status: "RUNNING" | "COMPLETED" | "FAILED";
            serviceItemCode: string;
            basis: {
                reference: string;
            };
            /** @description Rows of the job (0 while an uploaded file is still being split) */
            total: number;
            issued: number;
            failed: number;
            createdAt: string;
            completedAt?: string;
            /** @description COMPLETED: presigned GET of the results, NDJSON in row order: {"row","certificateId","number"} or {"row","error":{"code","message","details"?,"requestId"}} (no personal data) */
            resultsUrl?: string;
            resultsUrlExpiresAt?: string;
            /** @description FAILED: why the job could not start (e.g. TOO_MANY_ROWS) */
            error?: {
                code: string;
                message: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listServiceItems: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All items */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ServiceItem"][];
                    };
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getServiceItem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The item */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceItem"];
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description SERVICE_ITEM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getServiceItemSample: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sample, its dates resolved on today */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceItemSample"];
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description SERVICE_ITEM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getServiceItemTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
                materialCode: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template to print or fill in (PDF) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description SERVICE_ITEM_NOT_FOUND, MATERIAL_NOT_IN_CHECKLIST, or MATERIAL_NOT_A_FORM (a document to supply) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sealCertificates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description PEM chain, seal certificate first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-pem-file": unknown;
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    sealCertificatesSm2: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description PEM chain (SM3withSM2), seal certificate first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-pem-file": unknown;
                };
            };
            /** @description OFD_NOT_AVAILABLE: this stage has no SM2 seal */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCases: {
        parameters: {
            query?: {
                serviceItemCode?: string;
                status?: "DRAFT" | "SUBMITTED" | "APPROVED" | "REJECTED" | "ISSUED" | "RETURNED";
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of cases (applicants masked) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseList"];
                };
            };
            /** @description INVALID_QUERY / INVALID_LIMIT / INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN_SERVICE_ITEM: serviceItemCode outside the key’s scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description KEY_SERVICE_UNAVAILABLE (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createCase: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCaseRequest"];
            };
        };
        responses: {
            /** @description The new case (DRAFT) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item or department */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Idempotency conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_FORM / INVALID_APPLICANT */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCase: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The case */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseInput"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item or department */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putMaterial: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
                materialCode: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/pdf": Blob;
                "image/jpeg": Blob;
                "image/png": Blob;
            };
        };
        responses: {
            /** @description ACCEPTED or REJECTED with problems */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Material"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item or department */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The case is no longer a draft */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Over the material limit */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteMaterial: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
                materialCode: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Withdrawn */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item or department */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not a draft */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pullLicenceMaterial: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                caseId: string;
                materialCode: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PullLicenceRequest"];
            };
        };
        responses: {
            /** @description ACCEPTED, source E_LICENCE, naming the licence */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MaterialInput"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item or department */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The case is no longer a draft */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LICENCE_NOT_IN_FORCE / LICENCE_NOT_ACCEPTED (type or holder) / CONSENT_REQUIRED (issued through another client, no consentRef) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    prefillForm: {
        parameters: {
            query?: {
                holderIdNumber?: string;
                holderCreditCode?: string;
                consentRef?: string;
            };
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The partial form and where each value came from */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prefill"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item or department */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_HOLDER: the number fails its check character */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createUploadUrl: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                caseId: string;
                materialCode: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UploadUrlRequest"];
            };
        };
        responses: {
            /** @description Presigned upload */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UploadUrl"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item or department */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    submitCase: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Submitted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseInput"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item or department */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Already submitted / idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description MATERIALS_INCOMPLETE / INVALID_FORM / CALENDAR_YEAR_UNSUPPORTED (a deadline in a year neither a holiday notice nor the statutory rules cover; never for 2025–9999) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recordDecision: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DecisionRequest"];
            };
        };
        responses: {
            /** @description The case after the decision */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseInput"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item or department */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Department already decided, case not awaiting decisions, or idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not an approving department */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signPledge: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PledgeRequest"];
            };
        };
        responses: {
            /** @description The case: replaced materials ACCEPTED with source PLEDGE */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseInput"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PLEDGE_BARRED: the holder’s earlier pledge for this item proved false (details.barredUntil) / FORBIDDEN_SERVICE_ITEM */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CASE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CASE_NOT_EDITABLE (not a draft) / PLEDGE_ALREADY_SIGNED / idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PLEDGE_NOT_OFFERED (the item has no pledge) / UNPRINTABLE_CHARACTER in the signatory */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAudit: {
        parameters: {
            query: {
                subject: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: components["schemas"]["AuditEntry"][];
                    };
                };
            };
            /** @description Missing subject */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The subject's service item is outside the key's scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    verifyAudit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Chain verification */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AUDIT_VERIFICATION_UNAVAILABLE (seal certificate unreadable) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    issueCertificates: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["IssueRequest"];
            };
        };
        responses: {
            /** @description The issued licences */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedCertificates"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or issued by another client) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CASE_NOT_APPROVED / MATERIALS_DEFERRED (容缺: deferred materials outstanding) / ISSUANCE_IN_PROGRESS / idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_FIELDS / INVALID_VALIDITY / UNRENDERABLE_CHARACTER */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCertificate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The licence */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Certificate"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or issued by another client) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCertificatePdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": unknown;
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or issued by another client) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LICENCE_INTEGRITY_ERROR: the stored file is not the ledger’s */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCertificateOfd: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sealed OFD */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/ofd": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or issued by another client); OFD_NOT_AVAILABLE */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LICENCE_INTEGRITY_ERROR: the stored OFD failed its seal check */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    notifyHolder: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationRequest"];
            };
        };
        responses: {
            /** @description Sent */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        messageId: string;
                    };
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or issued by another client) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The licence is revoked / idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_MOBILE */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeCertificate: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RevokeRequest"];
            };
        };
        responses: {
            /** @description The revoked licence */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Certificate"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or issued by another client) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Already revoked / idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    suspendCertificate: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            /** @description The licence after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Certificate"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or issued by another client) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not in a state that allows it / idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reinstateCertificate: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReasonRequest"];
            };
        };
        responses: {
            /** @description The licence after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Certificate"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or issued by another client) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not in a state that allows it / idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reissueCertificate: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReissueRequest"];
            };
        };
        responses: {
            /** @description The new licence */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Certificate"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or issued by another client) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Revoked, expired or already superseded / idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INVALID_FIELDS / INVALID_VALIDITY */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCertificatesByHolder: {
        parameters: {
            query?: {
                holderIdNumber?: string;
                holderCreditCode?: string;
                type?: string;
                status?: "VALID" | "REVOKED" | "EXPIRED" | "SUSPENDED" | "SUPERSEDED";
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of licences (holders masked) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CertificateList"];
                };
            };
            /** @description HOLDER_REQUIRED / INVALID_HOLDER_ID / INVALID_QUERY / INVALID_LIMIT / INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description KEY_SERVICE_UNAVAILABLE (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPledgeChecks: {
        parameters: {
            query?: {
                dueBefore?: string;
                limit?: string;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of checks with their status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PledgeCheckList"];
                };
            };
            /** @description INVALID_QUERY / INVALID_LIMIT / INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description KEY_SERVICE_UNAVAILABLE (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    recordPledgeCheck: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path: {
                caseId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PledgeCheckRequest"];
            };
        };
        responses: {
            /** @description The case with the recorded check */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseInput"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description FORBIDDEN_DEPARTMENT / FORBIDDEN_SERVICE_ITEM */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CASE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PLEDGE_CHECK_NOT_DUE (no pledge, or not approved yet) / PLEDGE_CHECK_ALREADY_RECORDED (another outcome) / idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNKNOWN_DEPARTMENT */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    verifyByCode: {
        parameters: {
            query?: {
                code?: string;
                lang?: string;
            };
            header?: never;
            path: {
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The verdict (NOT_FOUND for a wrong id or code alike): the page, or the Verification with Accept: application/json */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerificationInput"];
                    "text/html": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) / INVALID_QUERY */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    verifyUpload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/pdf": Blob;
                "application/ofd": Blob;
            };
        };
        responses: {
            /** @description The verdict (MALFORMED for a broken file, or one that is not what its Content-Type says) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerificationInput"];
                };
            };
            /** @description OFD_NOT_AVAILABLE: an OFD, and this stage has no SM2 seal */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Larger than 10 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Content-Type is not application/pdf or application/ofd */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    smsLinkPage: {
        parameters: {
            query?: {
                lang?: string;
            };
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Phone page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) / INVALID_QUERY */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown or expired link */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The stored file failed its integrity check */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
        };
    };
    smsLinkPdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown or expired link */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LICENCE_NOT_IN_FORCE: revoked, suspended or replaced */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LICENCE_INTEGRITY_ERROR: the stored file is not the ledger’s */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    smsLinkOfd: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sealed OFD */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/ofd": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown or expired link; OFD_NOT_AVAILABLE */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LICENCE_NOT_IN_FORCE: revoked, suspended or replaced */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LICENCE_INTEGRITY_ERROR: the stored OFD failed its seal check */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    smsLinkLicencePdf: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
                certificateId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed PDF */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown or expired link, or a licence the link does not open */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LICENCE_NOT_IN_FORCE: revoked, suspended or replaced */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description LICENCE_INTEGRITY_ERROR: the stored file is not the ledger’s */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    verifyUploadPage: {
        parameters: {
            query?: {
                lang?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Upload page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            /** @description INVALID_QUERY */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    smsLinkPreview: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Preview image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Unknown or expired link */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    qrKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JWK Set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QrKeys"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Aggregates (no personal data) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAuditCheckpoints: {
        parameters: {
            query?: {
                limit?: string;
                afterSeq?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Checkpoints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        checkpoints: components["schemas"]["AuditCheckpoint"][];
                    };
                };
            };
            /** @description Invalid query */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportAudit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description NDJSON: seal chain, entries, checkpoints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-ndjson": unknown;
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The client may not export the audit log */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description AUDIT_EXPORT_TOO_LARGE */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    putWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookRequest"];
            };
        };
        responses: {
            /** @description The URL, its new secret (shown once) and the event types */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookRegistration"];
                };
            };
            /** @description Malformed body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CONCURRENT_UPDATE (Retry-After) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description WEBHOOK_URL_INVALID (not https, credentials, fragment) / WEBHOOK_URL_FORBIDDEN (private, loopback, link-local, reserved address) / WEBHOOK_URL_UNRESOLVABLE */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description KEY_SERVICE_UNAVAILABLE (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryList"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getStatusList: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                listId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Status List Token (ES256; key at /.well-known/status-list-keys.json) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/statuslist+jwt": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description STATUS_LIST_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    statusListKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JWK Set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StatusListKeys"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCrl: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                crlFile: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description X.509 v2 CRL signed by the root CA key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pkix-crl": unknown;
                };
            };
            /** @description INVALID_PATH (a badly encoded path segment) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description CA_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    ocsp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/ocsp-request": Blob;
            };
        };
        responses: {
            /** @description OCSPResponse (DER); malformed or foreign requests get malformedRequest/unauthorized */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/ocsp-response": unknown;
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    tsaCertificates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description PEM certificates */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/x-pem-file": unknown;
                };
            };
            /** @description TSA_CERTIFICATES_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createBulkUpload: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Where to upload, and the rowsUrl naming the file */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkUpload"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or another client’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description REQUEST_IN_PROGRESS (Retry-After) / IDEMPOTENCY_KEY_REUSED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startBulkIssuance: {
        parameters: {
            query?: never;
            header?: {
                /** @description The same key with the same request (method, path, body) replays the first answer with `idempotent-replayed: true` and runs nothing again. Kept for replay: every 2xx and 400/403/404/410/413/415/422; after a 409, 429 or 5xx the key is free for a retry. A request racing the first gets its answer or 409 REQUEST_IN_PROGRESS with Retry-After; the key with another request → 409 IDEMPOTENCY_KEY_REUSED. 1–255 printable ASCII characters, scoped per client, kept 24 h. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkIssuanceRequest"];
            };
        };
        responses: {
            /** @description The job is running; poll GET /v1/bulk-issuances/{bulkId} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkIssuanceStarted"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or another client’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Idempotency conflicts */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ROWS_FILE_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ROWS_NOT_UPLOADED (rowsUrl names no upload of this client) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getBulkIssuance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bulkId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkIssuance"];
                };
            };
            /** @description Invalid request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing or wrong API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not allowed for this service item */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Not found (or another client’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: over the route's body limit (10 MiB at the gateway) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description INTERNAL_ERROR: an unexpected failure (a generic message and the request id, nothing more) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A backing service is briefly busy or unavailable (AUDIT_LOG_BUSY, KEY_SERVICE_UNAVAILABLE, SEAL_SIGNER_UNAVAILABLE): retry after Retry-After */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
