using ArrayBufferWriter = System.Buffers.ArrayBufferWriter<byte>;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.Http;
using NodaTime;
using PartnerAccess.Sdk.Access;
using PartnerAccess.Sdk.Customers;
using PartnerAccess.Sdk.Emulator.Wire;
using PartnerAccess.Sdk.Relationships;
using PartnerAccess.Sdk.Time;

namespace PartnerAccess.Sdk.Emulator.Tests.Wire;

/// <summary>
/// The emulator writes Graph's JSON with a <see cref="Utf8JsonWriter"/> straight into the response. These tests prove it
/// sends the very bytes the earlier <see cref="JsonNode"/> writer (kept below as the oracle) sent, for any entity, any
/// <c>$select</c> and any page.
/// </summary>
public sealed class GraphWriterBytesTests
{
    private const string Context = "http://127.0.0.1:5000/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships/$entity";

    // Text that exercises the encoder: quotes, backslash, HTML-sensitive characters, non-ASCII, a line separator, an emoji.
    private static readonly Gen<string> Text = Gen.OneOf("Contoso", "", "Quote \" and \\ back", "<b>&'+`</b>", "Zoë Müller", "日本語", "line\u2028sep\ttab\n", "emoji 🎉", "ctrl \u0001");

    private static readonly Gen<string?> MaybeText = Gen.Frequency((4, Text.Select(t => (string?)t)), (1, Gen.Const(() => (string?)null)));

    private static readonly Gen<Instant> When = Gen.Long[0, 4_000_000_000_000L].Select(ms => Instant.FromUnixTimeMilliseconds(ms) + Duration.FromTicks(ms % 10_000));

    private static readonly Gen<ETag> ETags = Gen.Frequency((4, Gen.Guid.Select(g => new ETag($"W/\"{g:N}\""))), (1, Gen.Const(default(ETag))));

    private static readonly Gen<IReadOnlyList<RoleGrant>> Roles = Gen.Guid.Select(g => new RoleGrant(g)).List[0, 3].Select(l => (IReadOnlyList<RoleGrant>)l);

    private static readonly Gen<Relationship> Relationships =
        Gen.Select(Gen.Guid, Text, MaybeText.Select(Gen.Bool, (name, hasCustomer) => (name, hasCustomer)), Roles, Gen.Enum<RelationshipStatus>(), Gen.Int[0, 730], Gen.OneOf(0, 180), When)
            .Select(Gen.Select(Gen.Bool, Gen.Bool, ETags, Gen.Guid.Select(g => g.ToString()), Gen.Select(Gen.Bool, Gen.Bool).Select(p => p.Item1 ? (bool?)p.Item2 : null), Gen.Bool, Gen.Bool),
                (a, b) =>
                {
                    var (id, name, customer, roles, status, days, extend, created) = a;
                    var (activated, ended, etag, provider, consent, reseller, customerNamed) = b;
                    var start = activated ? created + Duration.FromDays(1) : (Instant?)null;
                    return new Relationship
                    {
                        Id = $"{id}-{id}",
                        DisplayName = name,
                        Customer = customer.hasCustomer ? new CustomerParticipant(id.ToString(), customerNamed ? customer.name : null) : null,
                        Roles = roles,
                        Window = new AccessWindow(Duration.FromDays(days), Duration.FromDays(extend), start, ended && start is { } s ? s + Duration.FromDays(days) : null),
                        Status = status,
                        CreatedAt = created,
                        LastModifiedAt = created + Duration.FromMinutes(days),
                        ETag = etag,
                        IndirectProviderTenantId = reseller ? provider : null,
                        IsPartnerConsentPending = reseller ? consent : null,
                    };
                });

    private static readonly Gen<AccessAssignment> Assignments =
        Gen.Select(Gen.Guid, Text, Roles, Gen.Enum<AccessAssignmentStatus>(), When, ETags).Select((id, group, roles, status, created, etag) => new AccessAssignment
        {
            Id = id.ToString(),
            RelationshipId = "r",
            SecurityGroupId = group,
            Roles = roles,
            Status = status,
            CreatedAt = created,
            LastModifiedAt = created + Duration.FromSeconds(1),
            ETag = etag,
        });

    private static readonly Gen<RelationshipOperation> Operations =
        Gen.Select(Gen.Guid, Gen.Enum<RelationshipOperationType>(), Gen.Enum<OperationStatus>(), Gen.Frequency((3, Gen.Const<string?>("{\"accessDetails\":{\"unifiedRoles\":[]}}")), (1, MaybeText)), When, ETags)
            .Select((id, type, status, data, created, etag) => new RelationshipOperation
            {
                Id = id.ToString(),
                RelationshipId = "r",
                OperationType = type,
                Status = status,
                Data = data,
                CreatedAt = created,
                LastModifiedAt = created,
                ETag = etag,
            });

    private static readonly Gen<RelationshipRequest> Requests =
        Gen.Select(Gen.Guid, Gen.Enum<RelationshipRequestAction>(), Gen.Enum<RelationshipRequestStatus>(), When).Select((id, action, status, created) => new RelationshipRequest
        {
            Id = id.ToString(),
            RelationshipId = "r",
            Action = action,
            Status = status,
            CreatedAt = created,
            LastModifiedAt = created,
        });

    private static readonly Gen<DelegatedAdminCustomer> Customers =
        Gen.Select(Gen.Guid, MaybeText, ETags).Select((id, name, etag) => new DelegatedAdminCustomer { Id = id.ToString(), TenantId = id.ToString(), DisplayName = name, ETag = etag });

    [Fact]
    public void Relationship_AnyRelationshipAndSelect_WritesTheSameBytesAsTheNodeWriter() =>
        Gen.Select(Relationships, Gen.Bool, Selects(GraphWriter.RelationshipProperties)).Sample((relationship, unknownEnums, select) =>
        {
            var writer = new GraphWriter(unknownEnums, AutoExtendText);
            var oracle = new NodeWriter(unknownEnums, AutoExtendText);
            Written(json => writer.Relationship(json, relationship, Selection(select)))
                .Should().Be(Entity(oracle.Relationship(relationship), select));
        }, iter: 300);

    [Fact]
    public void Assignment_AnyAssignmentAndSelect_WritesTheSameBytesAsTheNodeWriter() =>
        Gen.Select(Assignments, Selects(GraphWriter.AssignmentProperties)).Sample((assignment, select) =>
            Written(json => GraphWriter.Assignment(json, assignment, Selection(select))).Should().Be(Entity(NodeWriter.Assignment(assignment), select)), iter: 200);

    [Fact]
    public void Operation_AnyOperationAndSelect_WritesTheSameBytesAsTheNodeWriter() =>
        Gen.Select(Operations, Gen.Bool, Selects(GraphWriter.OperationProperties)).Sample((operation, unknownEnums, select) =>
            Written(json => new GraphWriter(unknownEnums, AutoExtendText).Operation(json, operation, Selection(select)))
                .Should().Be(Entity(new NodeWriter(unknownEnums, AutoExtendText).Operation(operation), select)), iter: 200);

    [Fact]
    public void Request_AnyRequestAndSelect_WritesTheSameBytesAsTheNodeWriter() =>
        Gen.Select(Requests, Gen.Bool, Selects(GraphWriter.RequestProperties)).Sample((request, unknownEnums, select) =>
            Written(json => new GraphWriter(unknownEnums, AutoExtendText).Request(json, request, Selection(select)))
                .Should().Be(Entity(new NodeWriter(unknownEnums, AutoExtendText).Request(request), select)), iter: 100);

    [Fact]
    public void CustomerAndServiceDetail_Any_WriteTheSameBytesAsTheNodeWriter() =>
        Gen.Select(Customers, Selects(GraphWriter.CustomerProperties), Text, Text).Sample((customer, select, name, url) =>
        {
            Written(json => GraphWriter.Customer(json, customer, Selection(select))).Should().Be(Entity(NodeWriter.Customer(customer), select));
            var detail = new ServiceManagementDetail(customer.Id, name, url);
            Written(json => GraphWriter.ServiceManagementDetail(json, detail, PropertySelection.All)).Should().Be(Entity(NodeWriter.ServiceManagementDetail(detail), null));
        }, iter: 100);

    [Fact]
    public void Relationship_ResellerWithEmptyTextsAndNoActivation_WritesTheSameBytesAsTheNodeWriter()
    {
        var relationship = new Relationship
        {
            Id = "0b7f2a51-0000-4000-8000-000000000001-0b7f2a51-0000-4000-8000-000000000002",
            DisplayName = "",
            Customer = new CustomerParticipant("4b827261-d21f-4aa9-b7db-7fa1f56fb163"),
            Roles = [],
            Window = new AccessWindow(Duration.FromDays(730), Duration.Zero),
            Status = RelationshipStatus.ApprovalPending,
            IndirectProviderTenantId = "",
            IsPartnerConsentPending = null,
        };
        var writer = new GraphWriter(includeUnknownEnumMembers: false, AutoExtendText);

        var written = Written(json => writer.Relationship(json, relationship, PropertySelection.All));

        written.Should().Be(Entity(new NodeWriter(false, AutoExtendText).Relationship(relationship), null));
        written.Should().Contain("\"activatedDateTime\":null").And.Contain("\"isPartnerConsentPending\":false").And.Contain("\"autoExtendDuration\":\"P0D\"");
    }

    [Fact]
    public async Task WriteAsync_AnyPageOfAnyQuery_SendsTheSameBytesAsTheNodeWriter()
    {
        var query = Gen.Select(
            Gen.Int[1, 9].Select(Gen.Frequency((3, Gen.Int[0, 12]), (1, Gen.Const(-1))), (top, offset) => (top, offset)),
            Gen.Bool,
            Gen.OneOf<string?>(null, "status eq 'active'", "status eq 'created' and displayName eq 'Contoso'"),
            Gen.OneOf<string?>(null, "status", "status desc"),
            Selects(GraphWriter.RelationshipProperties));
        await Gen.Select(Relationships.List[0, 14], query).SampleAsync(async (relationships, q) =>
        {
            var ((top, offset), count, filter, orderBy, select) = q;
            var parts = new List<string> { $"$top={top}" };
            if (offset >= 0)
            {
                parts.Add($"$skiptoken={SkipToken(offset)}");
            }

            if (count)
            {
                parts.Add("$count=true");
            }

            if (filter is not null)
            {
                parts.Add($"$filter={Uri.EscapeDataString(filter)}");
            }

            if (orderBy is not null)
            {
                parts.Add($"$orderby={Uri.EscapeDataString(orderBy)}");
            }

            if (select is not null)
            {
                parts.Add($"$select={string.Join(",", select)}");
            }

            var context = NewContext("?" + string.Join("&", parts));
            var writer = new GraphWriter(false, AutoExtendText);
            await GraphCollection.WriteAsync(context, relationships, Spec(GraphCollection.Objects<Relationship>(writer.Relationship)));

            var expected = NodeWriter.Page(context.Request, relationships, new NodeWriter(false, AutoExtendText).Relationship, Math.Max(offset, 0), top, count, filter, orderBy, select);
            Body(context).Should().Be(expected);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public async Task WriteAsync_NodeItems_SendsTheSameBytesAsTheNodeWriter()
    {
        var items = new[] { "{\"id\":\"a\",\"x\":\"<é>\",\"n\":1.50,\"z\":[true,null]}", "{\"id\":\"b\",\"x\":\"\\u0041\"}" };
        var context = NewContext("?$top=1");
        var spec = new CollectionSpec<string> { ContextUrl = "ctx", Write = GraphCollection.Nodes<string>(t => JsonNode.Parse(t)!) };

        await GraphCollection.WriteAsync(context, items, spec);

        var next = NodeWriter.NextLink(context.Request, 1);
        Body(context).Should().Be(new JsonObject
        {
            ["@odata.context"] = "ctx",
            ["@odata.nextLink"] = next,
            ["value"] = new JsonArray(JsonNode.Parse(items[0])),
        }.ToJsonString(GraphResponses.SerializerOptions));
    }

    internal static CollectionSpec<Relationship> Spec(Action<Utf8JsonWriter, Relationship, PropertySelection> write) => new()
    {
        ContextUrl = "http://127.0.0.1:5000/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships",
        Write = write,
        Filter = clause => clause.Operator != "eq" ? null : clause.Property.ToLowerInvariant() switch
        {
            "status" => r => string.Equals(GraphNames.ToGraphName(r.Status), clause.Value, StringComparison.OrdinalIgnoreCase),
            "displayname" => r => string.Equals(r.DisplayName, clause.Value, StringComparison.OrdinalIgnoreCase),
            _ => null,
        },
        OrderBy = new Dictionary<string, Func<Relationship, string?>> { ["status"] = r => GraphNames.ToGraphName(r.Status) },
        Properties = GraphWriter.RelationshipProperties,
    };

    private static string? AutoExtendText(string id, Duration current) => current == Duration.Zero ? "P0D" : null;

    private static Gen<List<string>?> Selects(IReadOnlySet<string> properties)
    {
        var names = properties.Order(StringComparer.Ordinal).ToArray();
        var some = Gen.Int[0, names.Length - 1].HashSet[1, Math.Min(4, names.Length)].Select(Gen.Bool, (picked, upper) =>
            (List<string>?)picked.Select(i => upper ? names[i].ToUpperInvariant() : names[i]).ToList());
        return Gen.Frequency((1, Gen.Const(() => (List<string>?)null)), (2, some));
    }

    private static PropertySelection Selection(List<string>? select) => select is null ? PropertySelection.All : PropertySelection.Of(select);

    private static string Written(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter();
        using (var json = new Utf8JsonWriter(buffer, GraphResponses.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("@odata.context", Context);
            writeProperties(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Entity(JsonObject entity, List<string>? select)
    {
        var result = NodeWriter.WithContext(entity, Context);
        if (select is not null)
        {
            NodeWriter.ApplySelect(result, select);
        }

        return result.ToJsonString(GraphResponses.SerializerOptions);
    }

    private static DefaultHttpContext NewContext(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 5000);
        context.Request.Path = "/v1.0/tenantRelationships/delegatedAdminRelationships";
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private static string SkipToken(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"o:{offset}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The emulator's writer as it was before it wrote with <see cref="Utf8JsonWriter"/>: the oracle, unchanged.</summary>
    private sealed class NodeWriter(bool includeUnknownEnumMembers, Func<string, Duration, string?> autoExtendText)
    {
        public JsonObject Relationship(Relationship relationship)
        {
            var window = relationship.Window;
            var json = new JsonObject
            {
                ["@odata.type"] = relationship.IsResellerRelationship ? GraphWriter.ResellerRelationshipType : GraphWriter.RelationshipType,
                ["@odata.etag"] = relationship.ETag.Value,
                ["id"] = relationship.Id,
                ["displayName"] = relationship.DisplayName,
                ["duration"] = GdapDurations.Format(window.Length),
                ["customer"] = relationship.Customer is { } customer
                    ? new JsonObject { ["tenantId"] = customer.TenantId, ["displayName"] = customer.DisplayName }
                    : null,
                ["accessDetails"] = AccessDetails(relationship.Roles),
                ["status"] = GraphNames.ToGraphName(relationship.Status),
                ["autoExtendDuration"] = autoExtendText(relationship.Id, window.AutoExtendDuration) ?? GdapDurations.Format(window.AutoExtendDuration),
                ["createdDateTime"] = GraphResponses.FormatInstant(relationship.CreatedAt),
                ["lastModifiedDateTime"] = GraphResponses.FormatInstant(relationship.LastModifiedAt),
                ["activatedDateTime"] = window.ActivatedAt is { } activated ? GraphResponses.FormatInstant(activated) : null,
                ["endDateTime"] = window.EndsAt is { } ends ? GraphResponses.FormatInstant(ends) : null,
            };
            if (relationship.IsResellerRelationship)
            {
                json["isPartnerConsentPending"] = relationship.IsPartnerConsentPending ?? false;
                json["indirectProviderTenantId"] = relationship.IndirectProviderTenantId;
            }

            return json;
        }

        public JsonObject Request(RelationshipRequest request)
        {
            var action = request.Action == RelationshipRequestAction.Reject && !includeUnknownEnumMembers
                ? "unknownFutureValue"
                : GraphNames.ToGraphName(request.Action);
            return new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.delegatedAdminRelationshipRequest",
                ["id"] = request.Id,
                ["action"] = action,
                ["status"] = GraphNames.ToGraphName(request.Status),
                ["createdDateTime"] = GraphResponses.FormatInstant(request.CreatedAt),
                ["lastModifiedDateTime"] = GraphResponses.FormatInstant(request.LastModifiedAt),
            };
        }

        public static JsonObject Assignment(AccessAssignment assignment) => new()
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminAccessAssignment",
            ["@odata.etag"] = assignment.ETag.Value,
            ["id"] = assignment.Id,
            ["status"] = GraphNames.ToGraphName(assignment.Status),
            ["createdDateTime"] = GraphResponses.FormatInstant(assignment.CreatedAt),
            ["lastModifiedDateTime"] = GraphResponses.FormatInstant(assignment.LastModifiedAt),
            ["accessContainer"] = new JsonObject
            {
                ["accessContainerId"] = assignment.SecurityGroupId,
                ["accessContainerType"] = "securityGroup",
            },
            ["accessDetails"] = AccessDetails(assignment.Roles),
        };

        public JsonObject Operation(RelationshipOperation operation)
        {
            var type = operation.OperationType == RelationshipOperationType.DelegatedAdminRelationshipUpdate && !includeUnknownEnumMembers
                ? "unknownFutureValue"
                : GraphNames.ToGraphName(operation.OperationType);
            return new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.delegatedAdminRelationshipOperation",
                ["@odata.etag"] = operation.ETag.Value,
                ["id"] = operation.Id,
                ["operationType"] = type,
                ["data"] = operation.Data,
                ["status"] = GraphNames.ToGraphName(operation.Status),
                ["createdDateTime"] = GraphResponses.FormatInstant(operation.CreatedAt),
                ["lastModifiedDateTime"] = GraphResponses.FormatInstant(operation.LastModifiedAt),
            };
        }

        public static JsonObject Customer(DelegatedAdminCustomer customer) => new()
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminCustomer",
            ["@odata.etag"] = customer.ETag.Value,
            ["id"] = customer.Id,
            ["tenantId"] = customer.TenantId,
            ["displayName"] = customer.DisplayName,
        };

        public static JsonObject ServiceManagementDetail(ServiceManagementDetail detail) => new()
        {
            ["@odata.type"] = "#microsoft.graph.delegatedAdminServiceManagementDetail",
            ["id"] = detail.Id,
            ["serviceManagementUrl"] = detail.ServiceManagementUrl,
            ["serviceName"] = detail.ServiceName,
        };

        public static JsonObject WithContext(JsonObject entity, string context)
        {
            var result = new JsonObject { ["@odata.context"] = context };
            foreach (var key in entity.Select(p => p.Key).ToList())
            {
                var value = entity[key];
                entity.Remove(key);
                result[key] = value;
            }

            return result;
        }

        public static void ApplySelect(JsonObject entity, IReadOnlyList<string> select)
        {
            var drop = entity.Select(p => p.Key)
                .Where(k => !k.StartsWith("@odata.", StringComparison.Ordinal) && k != "id" &&
                            !select.Contains(k, StringComparer.OrdinalIgnoreCase))
                .ToList();
            foreach (var key in drop)
            {
                entity.Remove(key);
            }
        }

        /// <summary>The whole page as the earlier collection writer built it: filter, order, copy all, then skip and take.</summary>
        public static string Page(HttpRequest request, IEnumerable<Relationship> source, Func<Relationship, JsonNode> write, int offset, int top, bool count, string? filter, string? orderBy, List<string>? select)
        {
            var items = source;
            if (filter is not null)
            {
                var predicates = GraphFilter.Parse(filter).Select(c => Spec((_, _, _) => { }).Filter!(c)!).ToList();
                items = items.Where(item => predicates.TrueForAll(p => p(item)));
            }

            if (orderBy is not null)
            {
                items = orderBy.EndsWith(" desc", StringComparison.Ordinal)
                    ? items.OrderByDescending(r => GraphNames.ToGraphName(r.Status), StringComparer.OrdinalIgnoreCase)
                    : items.OrderBy(r => GraphNames.ToGraphName(r.Status), StringComparer.OrdinalIgnoreCase);
            }

            var list = items.ToList();
            var page = list.Skip(offset).Take(top).ToList();
            var body = new JsonObject { ["@odata.context"] = Spec((_, _, _) => { }).ContextUrl };
            if (count)
            {
                body["@odata.count"] = list.Count;
            }

            if (offset + top < list.Count)
            {
                body["@odata.nextLink"] = NextLink(request, offset + top);
            }

            var values = new JsonArray();
            foreach (var item in page)
            {
                var node = write(item);
                if (select is not null && node is JsonObject entity)
                {
                    ApplySelect(entity, select);
                }

                values.Add(node);
            }

            body["value"] = values;
            return body.ToJsonString(GraphResponses.SerializerOptions);
        }

        // Paging links did not change with the writer, so the oracle uses the emulator's own.
        public static string NextLink(HttpRequest request, int offset) => GraphCollection.NextLink(request, offset);

        private static JsonObject AccessDetails(IEnumerable<RoleGrant> roles) => new()
        {
            ["unifiedRoles"] = new JsonArray(roles
                .Select(r => (JsonNode?)new JsonObject { ["roleDefinitionId"] = r.RoleDefinitionId.ToString("D") })
                .ToArray()),
        };
    }
}
